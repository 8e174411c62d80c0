import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CopilotError } from '../../../core/errors.js';
import { decimalText, DEFAULT_HASHING_SPEC, floatText, parseHashingSpec, timestampText } from '../../../core/hashing/index.js';

const text = readFileSync(new URL('../../../policies/hashing_spec.json', import.meta.url), 'utf8');

describe('hashing spec', () => {
  it('policies/hashing_spec.json parses into the default spec', () => {
    expect(parseHashingSpec(text, 'policies/hashing_spec.json')).toEqual(DEFAULT_HASHING_SPEC);
    expect(DEFAULT_HASHING_SPEC).toMatchObject({ digest: 'md5', separator: '|', escape: '\\', nullSentinel: '\\N' });
  });

  it.each<[string, (s: Record<string, unknown>) => void, RegExp]>([
    ['an unknown float form', (s) => { (s.types as Record<string, { format: string }>).float!.format = 'exact'; }, /\/types\/float\/format/],
    ['a separator that digits use', (s) => { s.field_separator = '1'; }, /\/field_separator/],
    ['a sentinel escaping can produce', (s) => { s.null_sentinel = '\\|'; }, /\/null_sentinel/],
    ['another digest', (s) => { s.digest = 'sha1'; }, /\/digest/],
    ['a missing type', (s) => { delete (s.types as Record<string, unknown>).uuid; }, /types/],
  ])('refuses %s, naming where', (_, edit, where) => {
    const s = JSON.parse(text);
    edit(s);
    try {
      parseHashingSpec(JSON.stringify(s, null, 2), 'spec.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CopilotError);
      expect((e as CopilotError).code).toBe('SCHEMA_INVALID');
      expect((e as CopilotError).message).toMatch(where);
    }
  });

  it('malformed JSON names the line', () => {
    expect(() => parseHashingSpec('{\n "spec_id": ,\n}', 'spec.json')).toThrow(/spec\.json:2/);
  });
});

describe('reference canonical forms', () => {
  it.each<[number, string]>([
    [1, '4503599627370496p-52'],
    [-0, '0'],
    [0, '0'],
    [0.1, '7205759403792794p-56'],
    [-1.5, '-6755399441055744p-52'],
    [5e-324, '4503599627370496p-1126'],
    [Number.MAX_VALUE, '9007199254740991p971'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('float %s -> %s', (x, want) => {
    expect(floatText(x)).toBe(want);
  });

  it.each<[string, number, string]>([
    ['1.5', 4, '1.5000'],
    ['1.50000', 4, '1.5000'],
    ['-0.00001', 4, '0.0000'],
    ['-0.00005', 4, '-0.0001'],
    ['0.00005', 4, '0.0001'],
    ['12345678901234567890.12345', 2, '12345678901234567890.12'],
    ['-7', 0, '-7'],
  ])('decimal %s at scale %s -> %s', (v, scale, want) => {
    expect(decimalText(v, scale)).toBe(want);
  });

  it.each<[bigint, string]>([
    [0n, '1970-01-01 00:00:00.000000'],
    [-1n, '1969-12-31 23:59:59.999999'],
    [2147483648000001n, '2038-01-19 03:14:08.000001'],
    [-62135596800000000n, '0001-01-01 00:00:00.000000'],
  ])('timestamp %s µs -> %s', (us, want) => {
    expect(timestampText(us)).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson, sha256Hex } from '../../core/json/canonical.js';
import { CopilotError } from '../../core/errors.js';

describe('canonicalJson (RFC 8785)', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: [3, { z: null, y: true }] }, '{"a":[3,{"y":true,"z":null}]}'],
    [1e21, '1e+21'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-0, '0'],
    ['\u20ac\n"', '"\u20ac\\n\\""'],
    [{ '\u00e9': 1, e: 2 }, '{"e":2,"\u00e9":1}'],
  ])('%j -> %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('makes key order irrelevant to the digest', () => {
    expect(canonicalDigest({ x: 1, y: [1, 2] })).toBe(canonicalDigest({ y: [1, 2], x: 1 }));
    expect(canonicalDigest({ x: 1 })).not.toBe(canonicalDigest({ x: 2 }));
  });

  it.each([
    [NaN, 'finite'],
    [{ a: Infinity }, '/a'],
    [{ a: { b: () => 1 } }, '/a/b'],
    [{ d: new Date(0) }, 'plain object'],
    [10n, 'bigint'],
  ])('refuses non-JSON input %#', (value, where) => {
    expect(() => canonicalJson(value)).toThrow(CopilotError);
    expect(() => canonicalJson(value)).toThrow(where);
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow('cycle');
  });

  it('sha256Hex matches a known vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

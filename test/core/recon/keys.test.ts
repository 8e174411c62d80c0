import { describe, expect, it } from 'vitest';
import { DEFAULT_HASHING_SPEC as spec, referenceField } from '../../../core/hashing/index.js';
import { diffKeys } from '../../../core/recon/keydiff.js';
import { splitKeyText } from '../../../core/recon/keytext.js';

describe('splitKeyText inverts the escaping of key fields', () => {
  it.each<[(string | null)[]]>([
    [['1']],
    [['12', '3']],
    [['1', '23']],
    [['a|b', 'c\\d']],
    [['\\N', null]],
    [['', '']],
    [['|', '\\', '\\|']],
  ])('%j', (values) => {
    const text = values.map((v) => referenceField(spec, 'string', v)).join(spec.separator);
    expect(splitKeyText(text, spec)).toEqual(values);
  });

  it('"12"+"3" and "1"+"23" give different texts', () => {
    const a = ['12', '3'].map((v) => referenceField(spec, 'string', v)).join(spec.separator);
    const b = ['1', '23'].map((v) => referenceField(spec, 'string', v)).join(spec.separator);
    expect(a).not.toBe(b);
  });
});

describe('diffKeys', () => {
  it.each([
    ['identical', [['1', 'a'], ['2', 'b']], [['2', 'b'], ['1', 'a']], { missing: [], extra: [], mismatched: [], duplicates: [] }],
    ['one of each', [['1', 'a'], ['2', 'b'], ['3', 'c']], [['1', 'a'], ['2', 'x'], ['4', 'd']],
      { missing: ['3'], extra: ['4'], mismatched: ['2'], duplicates: [] }],
    ['duplicate key', [['1', 'a'], ['1', 'b']], [['1', 'a']], { missing: [], extra: [], mismatched: ['1'], duplicates: ['1'] }],
    ['empty target', [['1', 'a']], [], { missing: ['1'], extra: [], mismatched: [], duplicates: [] }],
  ])('%s', (_, s, t, want) => {
    const rows = (xs: string[][]) => xs.map(([k, h]) => ({ k: k!, h: h! }));
    expect(diffKeys(rows(s), rows(t))).toEqual(want);
  });
});

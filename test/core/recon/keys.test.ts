import { describe, expect, it } from 'vitest';
import { DEFAULT_HASHING_SPEC as spec, referenceField } from '../../../core/hashing/index.js';
import { comparePosition, diffGroup, type Difference, type LeafRow } from '../../../core/recon/keydiff.js';
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

describe('diffGroup', () => {
  const row = (k: string, h: string): LeafRow => ({ o: 1n, t: 0n, k, h, fields: {} });
  const kinds = (ds: Difference[]) => ds.map((d) => `${d.kind}:${d.k}${d.kind === 'duplicate' ? `:${d.side}` : ''}`).sort();
  it.each<[string, [string, string][], [string, string][], string[]]>([
    ['identical', [['1', 'a'], ['2', 'b']], [['2', 'b'], ['1', 'a']], []],
    ['one of each', [['1', 'a'], ['2', 'b'], ['3', 'c']], [['1', 'a'], ['2', 'x'], ['4', 'd']], ['extra:4', 'mismatched:2', 'missing:3']],
    ['duplicate key', [['1', 'a'], ['1', 'b']], [['1', 'a']], ['duplicate:1:source']],
    ['empty target', [['1', 'a']], [], ['missing:1']],
    ['one row each, same key, other hash', [['k', 'a']], [['k', 'b']], ['mismatched:k']],
  ])('%s', (_, s, t, want) => {
    expect(kinds(diffGroup(s.map(([k, h]) => row(k, h)), t.map(([k, h]) => row(k, h))))).toEqual(want);
  });

  it('positions order by ordinal, then tie-break, as integers', () => {
    expect(comparePosition({ o: 2n, t: 0n }, { o: 10n, t: 0n })).toBe(-1);
    expect(comparePosition({ o: 2n, t: 9n }, { o: 2n, t: 10n })).toBe(-1);
    expect(comparePosition({ o: 2n, t: 9n }, { o: 2n, t: 9n })).toBe(0);
  });
});

// The key tail's shape, chosen from sampled keys: the last characters unless the keys end alike.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAIL_SHAPE } from '../../../core/hashing/index.js';
import type { HashColumn } from '../../../core/hashing/types.js';
import { chooseTailShape, fieldTailText, keyTailText } from '../../../core/recon/tail-shape.js';

const text: HashColumn = { name: 'k', logical: 'string', physical: 'text' };
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const keys = (f: (g: number) => string, n = 10_000) => Array.from({ length: n }, (_, g) => [f(g)]);

describe('chooseTailShape', () => {
  it('keeps the last characters of keys that vary there (hashes, numbered codes)', () => {
    expect(chooseTailShape([text], keys((g) => md5(String(g))))).toEqual(DEFAULT_TAIL_SHAPE);
    expect(chooseTailShape([text], keys((g) => `ORD-${String(g).padStart(6, '0')}`))).toEqual(DEFAULT_TAIL_SHAPE);
  });

  it('takes the first characters of keys that end alike (e-mail addresses)', () => {
    expect(chooseTailShape([text], keys((g) => `${md5(String(g)).slice(0, 8)}@example.com`))).toEqual({ head: 3, tail: 0 });
  });

  it('keeps the default for a few keys that spread every way alike, and for none', () => {
    expect(chooseTailShape([text], keys((g) => `k${g}`, 5))).toEqual(DEFAULT_TAIL_SHAPE);
    expect(chooseTailShape([text], [])).toEqual(DEFAULT_TAIL_SHAPE);
  });
});

describe('the tail of a key as the engines compute it', () => {
  it('counts code points from either end, a short text whole', () => {
    expect(fieldTailText(text, 'cafe\u0301', { head: 0, tail: 3 })).toBe('fe\u0301');
    expect(fieldTailText(text, '\u{1F600}ab', { head: 2, tail: 2 })).toBe('\u{1F600}aab');
    expect(fieldTailText(text, 'ab', { head: 3, tail: 0 })).toBe('ab');
  });

  it('takes a timestamp by its day digit, seconds and last fraction digits, whatever the shape', () => {
    const ts: HashColumn = { name: 't', logical: 'timestamptz', physical: 'timestamptz' };
    expect(fieldTailText(ts, '2024-01-05 10:20:30.123456', { head: 3, tail: 0 })).toBe('53056');
  });

  it('joins the leading field and later text or integer fields, leaving dates out', () => {
    const day: HashColumn = { name: 'd', logical: 'date', physical: 'date' };
    const n: HashColumn = { name: 'n', logical: 'integer', physical: 'int' };
    expect(keyTailText([text, day, n], ['region-eu', '2024-01-05', '1234'], DEFAULT_TAIL_SHAPE)).toBe('-eu234');
  });
});

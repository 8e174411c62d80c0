import { describe, expect, it } from 'vitest';
import {
  bisect, bucketCount, bucketRange, childGrid, firstGrid, hexGrid, mergeRanges, pow2AtLeast, rangesOf, shardRange, type SegmentChecksum,
} from '../../../core/recon/segments.js';
import { hexOrdinal, prefixDigits } from '../../../core/recon/queries.js';

const cs = (count: number, sum = count * 7): SegmentChecksum => ({ count: BigInt(count), sum: BigInt(sum) });
const O = { leafRows: 1000, fanout: 16, maxBuckets: 65536 };

describe('grids', () => {
  it.each([
    // range, rows, width, buckets, wide
    [{ lo: 1n, hi: 100n }, 100n, 64n, 2n, false],
    [{ lo: 1n, hi: 5_000_000n }, 5_000_000n, 256n, 19532n, false],
    [{ lo: 0n, hi: 0xffffffffn }, 1_000_000n, 2n ** 21n, 2048n, false],
    [{ lo: 0n, hi: 0xffffffffn }, 10n ** 9n, 2n ** 16n, 65536n, false],
    [{ lo: -(2n ** 63n), hi: 2n ** 63n - 1n }, 10n, 2n ** 64n, 1n, true],
  ])('firstGrid(%o, %s rows): buckets of about half leafRows, widths a power of two', (range, rows, width, buckets, wide) => {
    const g = firstGrid(range, rows, O);
    expect([g.width, bucketCount(g), g.wide]).toEqual([width, buckets, wide]);
  });

  it('bucket ranges tile the range without gaps and stop at hi', () => {
    const g = firstGrid({ lo: 1n, hi: 101n }, 101n, { ...O, leafRows: 20 });
    const ranges = Array.from({ length: Number(bucketCount(g)) }, (_, i) => bucketRange(g, BigInt(i)));
    expect(ranges[0]).toEqual({ lo: 1n, hi: 8n });
    expect(ranges.at(-1)).toEqual({ lo: 97n, hi: 101n });
    ranges.slice(1).forEach((r, i) => expect(r.lo).toBe(ranges[i]!.hi + 1n));
  });

  it('a child grid refines its parent: every child bucket lies inside one parent bucket', () => {
    const g = firstGrid({ lo: 7n, hi: 100_006n }, 100_000n, O);
    const c = childGrid(g, 16);
    expect(g.width / c.width).toBe(16n);
    for (const id of [0n, 5n, 17n]) {
      const r = bucketRange(c, id);
      const parent = (r.lo - g.origin) / g.width;
      expect(bucketRange(g, parent).lo <= r.lo && r.hi <= bucketRange(g, parent).hi).toBe(true);
    }
    expect(childGrid({ ...g, width: 4n }, 16).width).toBe(1n);
    expect(pow2AtLeast(17n)).toBe(32n);
  });

  it('shards split the range into equal slices, the last one to hi', () => {
    const r = { lo: 0n, hi: 0xffffffffn };
    const parts = [1, 2, 3].map((i) => shardRange(r, i, 3));
    expect(parts[0]!.lo).toBe(0n);
    expect(parts[2]!.hi).toBe(0xffffffffn);
    parts.slice(1).forEach((p, i) => expect(p.lo).toBe(parts[i]!.hi + 1n));
  });
});

describe('bisect', () => {
  const grid = { origin: 0n, width: 1024n, hi: 10_239n, wide: false };
  const same = new Map([[0n, cs(1000)], [1n, cs(1000)], [2n, cs(1000)]]);
  it.each<[string, Map<bigint, SegmentChecksum>, { leaves: number; split: number; differing: number }]>([
    ['identical checksums: nothing to do', new Map(same), { leaves: 0, split: 0, differing: 0 }],
    ['one sum differs in a leaf-sized bucket: a leaf', new Map([...same, [1n, cs(1000, 1)]]), { leaves: 1, split: 0, differing: 1 }],
    ['a bucket only on one side: a leaf', new Map([[0n, cs(1000)], [1n, cs(1000)]]), { leaves: 1, split: 0, differing: 1 }],
    ['a bucket too big to diff: split', new Map([...same, [2n, cs(5000)]]), { leaves: 0, split: 1, differing: 1 }],
  ])('%s', (_, target, want) => {
    const step = bisect(grid, same, target, O);
    expect({ leaves: step.leaves.ids.length, split: step.split.ids.length, differing: step.differing }).toEqual(want);
  });

  it('a one-ordinal bucket is a leaf however many rows it holds (composite keys)', () => {
    const g = { origin: 7n, width: 1n, hi: 8n, wide: false };
    const step = bisect(g, new Map([[0n, cs(5000)]]), new Map([[0n, cs(5000, 1)]]), { ...O, leafRows: 10 });
    expect(step.leaves.ids).toEqual([0n]);
    expect(rangesOf([step.leaves])).toEqual([{ lo: 7n, hi: 7n }]);
  });
});

describe('mergeRanges', () => {
  it.each([
    [[], []],
    [[{ lo: 1n, hi: 2n }, { lo: 3n, hi: 5n }], [{ lo: 1n, hi: 5n }]],
    [[{ lo: 10n, hi: 12n }, { lo: 1n, hi: 2n }], [{ lo: 1n, hi: 2n }, { lo: 10n, hi: 12n }]],
    [[{ lo: 1n, hi: 9n }, { lo: 2n, hi: 3n }], [{ lo: 1n, hi: 9n }]],
  ])('%o -> %o', (input, want) => {
    expect(mergeRanges(input)).toEqual(want);
  });
});

describe('hash-ordinal grids: buckets are hex prefixes of the key md5', () => {
  it.each([
    // rows, prefix digits
    [0n, 1], [32_000n, 1], [33_000n, 2], [500_000n, 2], [1_000_000n, 3], [5_000_000n, 3], [9_000_000n, 4], [10n ** 9n, 4],
  ])('%s rows -> %s hex digits', (rows, digits) => {
    const g = hexGrid(rows, O);
    expect([g.origin, g.hex, prefixDigits(g)]).toEqual([0n, true, digits]);
    expect(bucketCount(g)).toBe(16n ** BigInt(digits));
  });

  it('maxBuckets caps the digits; a child grid stays a power of 16 whatever the fanout', () => {
    expect(prefixDigits(hexGrid(10n ** 9n, { ...O, maxBuckets: 4096 }))).toBe(3);
    const g = hexGrid(1_000_000n, O);
    expect(prefixDigits(childGrid(g, 4))).toBe(4);
    expect(prefixDigits(childGrid(g, 17))).toBe(5);
    expect(hexOrdinal(0xabcn, 3)).toBe('abc');
    expect(hexOrdinal(0x1fn)).toBe('0000001f');
    expect(() => prefixDigits(firstGrid({ lo: 1n, hi: 1000n }, 1000n, O))).toThrow(/origin 0/);
  });

  it('a crowded bucket raises the fanout so its children hold about half leafRows (skewed keys need one more level)', () => {
    const g = { origin: 0n, width: 2n ** 20n, hi: 2n ** 24n - 1n, wide: false };
    expect(childGrid(g, 16, 100, O).width).toBe(2n ** 16n);
    expect(childGrid(g, 16, 64_000, O).width).toBe(2n ** 13n);
    expect(prefixDigits(childGrid(hexGrid(1_000_000n, O), 16, 64_000, O))).toBe(5);
  });
});

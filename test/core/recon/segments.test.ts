import { describe, expect, it } from 'vitest';
import {
  bisect, bucketRange, firstPass, mergeRanges, planBuckets, type SegmentChecksum,
} from '../../../core/recon/segments.js';

const cs = (count: number, sum = count * 7): SegmentChecksum => ({ count: BigInt(count), sum: BigInt(sum) });

describe('segment planning', () => {
  it.each([
    // range, buckets wanted, width, buckets, wide
    [{ lo: 1n, hi: 100n }, 10n, 10n, 10n, false],
    [{ lo: 1n, hi: 101n }, 10n, 11n, 10n, false],
    [{ lo: 5n, hi: 5n }, 10n, 1n, 1n, false],
    [{ lo: -(2n ** 63n), hi: 2n ** 63n - 1n }, 4n, 2n ** 62n, 4n, true],
    [{ lo: 0n, hi: 0xffffffffn }, 4096n, 2n ** 20n, 4096n, false],
  ])('planBuckets(%o, %s)', (range, n, width, buckets, wide) => {
    const p = planBuckets(range, n);
    expect([p.width, p.buckets, p.wide]).toEqual([width, buckets, wide]);
  });

  it('first pass aims at leaf-sized buckets within maxBuckets', () => {
    expect(firstPass({ lo: 1n, hi: 5_000_000n }, 5_000_000n).buckets).toBe(5000n);
    expect(firstPass({ lo: 1n, hi: 10n ** 12n }, 10n ** 12n).buckets).toBe(65536n);
    expect(firstPass({ lo: 1n, hi: 10n }, 10n).buckets).toBe(1n);
  });

  it('bucket ranges tile the range without gaps and stop at hi', () => {
    const p = planBuckets({ lo: 1n, hi: 101n }, 10n);
    const ranges = Array.from({ length: Number(p.buckets) }, (_, i) => bucketRange(p, BigInt(i)));
    expect(ranges[0]).toEqual({ lo: 1n, hi: 11n });
    expect(ranges.at(-1)).toEqual({ lo: 100n, hi: 101n });
    ranges.slice(1).forEach((r, i) => expect(r.lo).toBe(ranges[i]!.hi + 1n));
  });
});

describe('bisect', () => {
  const plan = planBuckets({ lo: 0n, hi: 9999n }, 10n); // 10 buckets of 1000 ordinals
  const same = new Map([[0n, cs(1000)], [1n, cs(1000)], [2n, cs(1000)]]);
  it.each<[string, Map<bigint, SegmentChecksum>, { leaves: number; split: number; differing: number }]>([
    ['identical checksums: nothing to do', new Map(same), { leaves: 0, split: 0, differing: 0 }],
    ['one sum differs in a leaf-sized bucket: a leaf', new Map([...same, [1n, cs(1000, 1)]]), { leaves: 1, split: 0, differing: 1 }],
    ['a bucket only on one side: a leaf', new Map([[0n, cs(1000)], [1n, cs(1000)]]), { leaves: 1, split: 0, differing: 1 }],
    ['a bucket too big to diff: split', new Map([...same, [2n, cs(5000)]]), { leaves: 0, split: 1, differing: 1 }],
  ])('%s', (_, target, want) => {
    const step = bisect(plan, same, target, { leafRows: 1000, fanout: 16, maxBuckets: 65536 });
    expect({ leaves: step.leaves.length, split: step.split.length, differing: step.differing }).toEqual(want);
  });

  it('a one-ordinal segment is a leaf however many rows it holds (composite keys)', () => {
    const p = planBuckets({ lo: 7n, hi: 8n }, 2n);
    const step = bisect(p, new Map([[0n, cs(5000)]]), new Map([[0n, cs(5000, 1)]]), { leafRows: 10, fanout: 16, maxBuckets: 16 });
    expect(step.leaves).toEqual([{ lo: 7n, hi: 7n }]);
  });

  it('split plans cover the differing bucket with fanout sub-buckets', () => {
    const step = bisect(plan, same, new Map([...same, [2n, cs(5000)]]), { leafRows: 100, fanout: 16, maxBuckets: 65536 });
    expect(step.split[0]!.range).toEqual({ lo: 2000n, hi: 2999n });
    expect(step.split[0]!.buckets).toBe(16n);
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

// Segment planning and bisection decisions. A segment is an inclusive range of the key ordinal; its
// checksum is (count, sum of 60-bit row-hash prefixes) per the hashing spec. Only segments whose checksums differ are
// split further, and a segment small enough (or one ordinal wide) becomes a leaf whose rows are diffed.

export interface OrdinalRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

export interface SegmentChecksum {
  readonly count: bigint;
  /** Exact sum of the 60-bit row-hash prefixes. */
  readonly sum: bigint;
}

export interface BucketPlan {
  readonly range: OrdinalRange;
  readonly width: bigint;
  readonly buckets: bigint;
  /** True when ordinal arithmetic may leave the signed 64-bit range. */
  readonly wide: boolean;
}

export interface BisectOptions {
  /** A differing segment with at most this many rows on either side is diffed row by row. */
  readonly leafRows: number;
  /** Sub-segments a differing segment is split into. */
  readonly fanout: number;
  /** Upper bound of segments in the first pass. */
  readonly maxBuckets: number;
}

export const DEFAULT_BISECT: BisectOptions = { leafRows: 1000, fanout: 16, maxBuckets: 65536 };

const INT62 = 1n << 62n;

export function spanOf(r: OrdinalRange): bigint {
  return r.hi - r.lo + 1n;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Splits `range` into at most `buckets` equal-width buckets (at least one ordinal wide). */
export function planBuckets(range: OrdinalRange, buckets: bigint): BucketPlan {
  const span = spanOf(range);
  const n = buckets < 1n ? 1n : buckets > span ? span : buckets;
  const width = ceilDiv(span, n);
  const wide = range.lo < -INT62 || range.hi > INT62 || span > INT62;
  return { range, width, buckets: ceilDiv(span, width), wide };
}

/** The first pass: enough buckets that an average one is a leaf, within maxBuckets. */
export function firstPass(range: OrdinalRange, estimatedRows: bigint, o: BisectOptions = DEFAULT_BISECT): BucketPlan {
  const want = ceilDiv(estimatedRows > 0n ? estimatedRows : 1n, BigInt(o.leafRows));
  return planBuckets(range, want > BigInt(o.maxBuckets) ? BigInt(o.maxBuckets) : want);
}

export function bucketRange(plan: BucketPlan, bucket: bigint): OrdinalRange {
  const lo = plan.range.lo + bucket * plan.width;
  const hi = lo + plan.width - 1n;
  return { lo, hi: hi > plan.range.hi ? plan.range.hi : hi };
}

export function sameChecksum(a: SegmentChecksum | undefined, b: SegmentChecksum | undefined): boolean {
  if (!a || !b) return a === b;
  return a.count === b.count && a.sum === b.sum;
}

export interface BisectStep {
  /** Differing segments to diff row by row. */
  readonly leaves: OrdinalRange[];
  /** Differing segments to split again. */
  readonly split: BucketPlan[];
  readonly compared: number;
  readonly differing: number;
}

/** Compares one pass's bucket checksums of both sides and decides what happens to each differing bucket. */
export function bisect(
  plan: BucketPlan,
  source: ReadonlyMap<bigint, SegmentChecksum>,
  target: ReadonlyMap<bigint, SegmentChecksum>,
  o: BisectOptions = DEFAULT_BISECT,
): BisectStep {
  const ids = new Set([...source.keys(), ...target.keys()]);
  const leaves: OrdinalRange[] = [];
  const split: BucketPlan[] = [];
  let differing = 0;
  for (const id of [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s = source.get(id);
    const t = target.get(id);
    if (sameChecksum(s, t)) continue;
    differing++;
    const range = bucketRange(plan, id);
    const rows = Math.max(Number(s?.count ?? 0n), Number(t?.count ?? 0n));
    if (rows <= o.leafRows || spanOf(range) === 1n) leaves.push(range);
    else split.push(planBuckets(range, BigInt(o.fanout)));
  }
  return { leaves, split, compared: ids.size, differing };
}

/** Adjacent leaves merged, so a leaf query names as few ranges as possible. */
export function mergeRanges(ranges: readonly OrdinalRange[]): OrdinalRange[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: OrdinalRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1n) out[out.length - 1] = { lo: last.lo, hi: r.hi > last.hi ? r.hi : last.hi };
    else out.push(r);
  }
  return out;
}

// Segment planning and bisection decisions. A segment is a bucket of a grid laid over the key ordinal:
// bucket b of grid {origin, width} holds the ordinals origin + b*width .. origin + (b+1)*width - 1. Its
// checksum is (count, sum of 60-bit row-hash prefixes) per the hashing spec. Widths are powers of two and
// the fanout is one too, so every level's grid refines the one above: one grouped query per level yields
// the checksums of every bucket that level looks at, however many segments differed above it. A
// differing bucket small enough (or one ordinal wide) becomes a leaf whose rows are diffed.

export interface OrdinalRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

export interface SegmentChecksum {
  readonly count: bigint;
  /** Exact sum of the 60-bit row-hash prefixes. */
  readonly sum: bigint;
}

export interface Grid {
  readonly origin: bigint;
  /** A power of two. */
  readonly width: bigint;
  /** The last ordinal any bucket may hold (the range's hi). */
  readonly hi: bigint;
  /** True when ordinal arithmetic may leave the signed 64-bit range. */
  readonly wide: boolean;
  /** A hash-ordinal grid: origin 0, widths powers of 16, buckets named by hex prefixes. */
  readonly hex?: boolean;
}

/** Buckets of one grid, named by id: what a level query filters on or a leaf pass reads. */
export interface BucketSet {
  readonly grid: Grid;
  readonly ids: readonly bigint[];
}

export interface BisectOptions {
  /** A differing segment with at most this many rows on either side is diffed row by row. */
  readonly leafRows: number;
  /** Sub-segments a differing segment is split into (rounded up to a power of two). */
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

export function pow2AtLeast(n: bigint): bigint {
  let p = 1n;
  while (p < n) p <<= 1n;
  return p;
}

/**
 * The first grid: buckets of about half leafRows rows (so a differing bucket is nearly always a leaf
 * at once), within maxBuckets. `estimatedRows` is the row count, or the span for a dense integer key.
 */
export function firstGrid(range: OrdinalRange, estimatedRows: bigint, o: BisectOptions = DEFAULT_BISECT): Grid {
  const span = spanOf(range);
  const perBucket = BigInt(Math.max(1, Math.floor(o.leafRows / 2)));
  let want = ceilDiv(estimatedRows > 0n ? estimatedRows : 1n, perBucket);
  if (want > BigInt(o.maxBuckets)) want = BigInt(o.maxBuckets);
  // The largest power of two not above the wanted width (so buckets hold at most about half leafRows),
  // doubled while that would make more than maxBuckets.
  let width = pow2AtLeast(ceilDiv(span, want));
  if (width > 1n && width > ceilDiv(span, want)) width /= 2n;
  while (ceilDiv(span, width) > BigInt(o.maxBuckets)) width *= 2n;
  const wide = range.lo < -INT62 || range.hi > INT62 || span > INT62;
  return { origin: range.lo, width, hi: range.hi, wide };
}

export function bucketCount(g: Grid): bigint {
  return ceilDiv(g.hi - g.origin + 1n, g.width);
}

export function bucketRange(g: Grid, bucket: bigint): OrdinalRange {
  const lo = g.origin + bucket * g.width;
  const hi = lo + g.width - 1n;
  return { lo, hi: hi > g.hi ? g.hi : hi };
}

/** A differing bucket of a hash grid with up to this many times leafRows rows is a leaf. */
export const HEX_LEAF_FACTOR = 4;

/** The hash ordinal's range: 32 bits, written as 8 hex digits. */
export const HASH_RANGE: OrdinalRange = { lo: 0n, hi: 0xffffffffn };

/**
 * The first grid over a hash ordinal: origin 0 and a width that is a power of 16, so a bucket is a hex
 * prefix of the key's md5 (one to four digits: 16 to 65536 buckets); as few buckets as hold at most
 * 2 * leafRows rows each on average, within maxBuckets. Its leaves are read by a scan anyway, so a bucket
 * of up to HEX_LEAF_FACTOR * leafRows rows is a leaf (splitting it would cost another scan), and few
 * buckets keep the checksums crossing the wire, and the runner's memory, flat as the table grows. `estimatedRows` is the whole table's (a shard filters its rows
 * but keeps the grid, so every shard's buckets are the whole table's).
 */
export function hexGrid(estimatedRows: bigint, o: BisectOptions = DEFAULT_BISECT): Grid {
  const perBucket = BigInt(Math.max(1, o.leafRows * 2));
  let digits = 1;
  while (digits < 4 && 16n ** BigInt(digits) * perBucket < estimatedRows && 16n ** BigInt(digits + 1) <= BigInt(o.maxBuckets)) digits++;
  return { origin: 0n, width: 16n ** BigInt(8 - digits), hi: HASH_RANGE.hi, wide: false, hex: true };
}

/**
 * The next level's grid: the width divided by the fanout (a power of two; of 16 for a hash grid, whose
 * buckets are hex prefixes), at least one ordinal. `largest` (rows in the fullest bucket being split)
 * raises the fanout so that bucket's rows, if spread evenly, fill children of about half leafRows: a
 * skewed key space then needs one more level, not several.
 */
export function childGrid(g: Grid, fanout: number, largest = 0, o: Pick<BisectOptions, 'leafRows'> = DEFAULT_BISECT): Grid {
  const wanted = Math.max(2, fanout, Math.ceil(largest / Math.max(1, Math.floor(o.leafRows / 2))));
  let f = pow2AtLeast(BigInt(wanted));
  if (g.hex) while (!isPow16(f)) f *= 2n;
  const width = g.width / f;
  return { ...g, width: width < 1n ? 1n : width };
}

function isPow16(v: bigint): boolean {
  let w = v;
  while (w > 1n && w % 16n === 0n) w /= 16n;
  return w === 1n;
}

export function sameChecksum(a: SegmentChecksum | undefined, b: SegmentChecksum | undefined): boolean {
  if (!a || !b) return a === b;
  return a.count === b.count && a.sum === b.sum;
}

export interface BisectStep {
  /** Differing buckets to diff row by row. */
  readonly leaves: BucketSet;
  /** Differing buckets to split: the next level looks only inside these. */
  readonly split: BucketSet;
  readonly compared: number;
  readonly differing: number;
}

const byBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Differing segments, split by `isLeaf` on their rows (the larger side's), with those rows. */
export interface Compared<K> {
  readonly leaves: { readonly id: K; readonly rows: number }[];
  readonly split: { readonly id: K; readonly rows: number }[];
  /** Segments present on either side. */
  readonly compared: number;
}

/**
 * Compares the segment checksums of both sides (buckets of a grid, or key tails): every differing segment
 * is a leaf or is split, as `isLeaf` says of its rows. `order` sorts the ids (none: as met).
 */
export function compareSegments<K>(
  source: ReadonlyMap<K, SegmentChecksum>, target: ReadonlyMap<K, SegmentChecksum>, isLeaf: (rows: number) => boolean, order?: (a: K, b: K) => number,
): Compared<K> {
  const ids = [...new Set([...source.keys(), ...target.keys()])];
  const leaves: { id: K; rows: number }[] = [];
  const split: { id: K; rows: number }[] = [];
  for (const id of order ? ids.sort(order) : ids) {
    const s = source.get(id);
    const t = target.get(id);
    if (sameChecksum(s, t)) continue;
    const rows = Math.max(Number(s?.count ?? 0n), Number(t?.count ?? 0n));
    (isLeaf(rows) ? leaves : split).push({ id, rows });
  }
  return { leaves, split, compared: ids.length };
}

/** Compares one level's bucket checksums of both sides and decides what happens to each differing bucket. */
export function bisect(
  grid: Grid,
  source: ReadonlyMap<bigint, SegmentChecksum>,
  target: ReadonlyMap<bigint, SegmentChecksum>,
  o: BisectOptions = DEFAULT_BISECT,
): BisectStep {
  const c = compareSegments(source, target, (rows) => rows <= (grid.hex ? HEX_LEAF_FACTOR * o.leafRows : o.leafRows) || grid.width === 1n, byBig);
  return {
    leaves: { grid, ids: c.leaves.map((x) => x.id) }, split: { grid, ids: c.split.map((x) => x.id) },
    compared: c.compared, differing: c.leaves.length + c.split.length,
  };
}

/** The ordinal ranges of a set of buckets, adjacent ones merged. */
export function rangesOf(sets: readonly BucketSet[]): OrdinalRange[] {
  return mergeRanges(sets.flatMap((s) => s.ids.map((id) => bucketRange(s.grid, id))));
}

/** Adjacent ranges merged, so a query names as few ranges as possible. */
export function mergeRanges(ranges: readonly OrdinalRange[]): OrdinalRange[] {
  const sorted = [...ranges].sort((a, b) => byBig(a.lo, b.lo));
  const out: OrdinalRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1n) out[out.length - 1] = { lo: last.lo, hi: r.hi > last.hi ? r.hi : last.hi };
    else out.push(r);
  }
  return out;
}

/** The ordinal range a shard i of n takes (1-based i): equal slices of `range`, the last one to hi. */
export function shardRange(range: OrdinalRange, index: number, count: number): OrdinalRange {
  const span = spanOf(range);
  const n = BigInt(count);
  const i = BigInt(index - 1);
  const lo = range.lo + (span * i) / n;
  const hi = index === count ? range.hi : range.lo + (span * (i + 1n)) / n - 1n;
  return { lo, hi };
}

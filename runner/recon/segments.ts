// Segment checksums on both engines, one grouped query per level whatever the key type, split where
// they differ down to leaves; then the leaves' rows streamed from both sides in the same integer order
// and merged here group by group. Only checksums and leaf rows cross the wire, and no more than a
// batch of leaf rows is held at a time. A key hashed for its ordinal (text, composite, a uuid stored as
// text) is first grouped by its tail, a few characters of its canonical text: identical tables then cost
// no key hashing at all, and the md5 grid splits only the differing tails that are too big to be leaves.
import { comparePosition, diffGroup, type Difference, type LeafRow } from '../../core/recon/keydiff.js';
import {
  boundsSql, bucketId, bucketSql, countSql, leafPosition, leafStreamSql, tailBucketSql, type RowFilter, type SideSql,
} from '../../core/recon/queries.js';
import type { TableReport } from '../../core/recon/report-types.js';
import {
  bisect, bucketCount, bucketRange, childGrid, compareSegments, firstGrid, HASH_RANGE, HEX_LEAF_FACTOR, hexGrid, rangesOf, shardRange, spanOf,
  type BisectOptions, type BucketSet, type Grid, type OrdinalRange, type SegmentChecksum,
} from '../../core/recon/segments.js';
import type { Row } from '../connectors/connection.js';
import { both, chunks, type Pair, type Side } from './pair.js';

/** Ranges one query names before a bucket-id filter (a scan) is cheaper than many range probes. */
export const RANGES_PER_QUERY = 200;
const IDS_PER_QUERY = 20_000;

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface Progress {
  /** Called after each level's query with the buckets compared so far. */
  level(levelNo: number, compared: number, differing: number): void;
  /** Rows of the leaves found so far (the larger side of each): what the leaf pass will read. */
  leafRows(expected: number): void;
  rows(n: number): void;
}

/** A key tail and its rows (the larger side's). */
export interface TailRows {
  readonly tail: string;
  readonly rows: number;
}

export interface SegmentResult {
  /** Differing key tails small enough to diff row by row as they are. */
  readonly leafTails: readonly TailRows[];
  /** Differing buckets small enough to diff row by row, by grid. */
  readonly leaves: BucketSet[];
  /** The key tails `leaves` lie in (the differing tails that were split), when the first pass was by tail. */
  readonly splitTails?: readonly string[];
  /** Rows in those buckets (the larger side of each). */
  readonly leafRows: number;
  readonly sourceRows: number;
  readonly targetRows: number;
  /** The ordinal range this run covered (a shard's slice, or everything). */
  readonly within?: OrdinalRange;
  readonly stats: TableReport['segments'];
}

function checksums(side: SideSql, rows: readonly Row[]): Map<bigint, SegmentChecksum> {
  const m = new Map<bigint, SegmentChecksum>();
  for (const r of rows) if (r.b !== null && r.b !== undefined) m.set(bucketId(side, r.b), { count: BigInt(r.n!), sum: BigInt(r.s ?? '0') });
  return m;
}

const bigOf = (v: string | null | undefined): bigint | undefined => (v === null || v === undefined ? undefined : BigInt(v));

/**
 * The ordinal range both sides span (integer and date keys) or the hash range, the row estimate the
 * first grid is sized by, and the shard's slice. A hash ordinal is counted over the whole table (a
 * count by ordinal range would hash every key once more) and its grid stays the whole table's.
 */
async function keySpace(p: Pair, shard?: Shard): Promise<{ range: OrdinalRange; rows: bigint; hex: boolean; within?: OrdinalRange } | undefined> {
  const hash = p.source.sql.hash.ordinalHex !== undefined;
  const count = async (within?: OrdinalRange) => {
    const [a, b] = await both(p, (s) => s.conn.query(countSql(s.sql, within)));
    return [bigOf(a[0]?.n) ?? 0n, bigOf(b[0]?.n) ?? 0n].reduce((x, y) => (y > x ? y : x));
  };
  if (hash) {
    const rows = await count();
    const within = shard && shard.count > 1 ? shardRange(HASH_RANGE, shard.index, shard.count) : undefined;
    return { range: within ?? HASH_RANGE, rows, hex: true, ...(within ? { within } : {}) };
  }
  const [a, b] = await both(p, (s) => s.conn.query(boundsSql(s.sql)));
  const los = [bigOf(a[0]?.lo), bigOf(b[0]?.lo)].filter((v): v is bigint => v !== undefined);
  const his = [bigOf(a[0]?.hi), bigOf(b[0]?.hi)].filter((v): v is bigint => v !== undefined);
  if (los.length === 0) return undefined;
  const range = { lo: los.reduce((x, y) => (y < x ? y : x)), hi: his.reduce((x, y) => (y > x ? y : x)) };
  const within = shard && shard.count > 1 ? shardRange(range, shard.index, shard.count) : undefined;
  const rows = within ? await count(within) : spanOf(range);
  return { range: within ?? range, rows, hex: false, ...(within ? { within } : {}) };
}

/** What every query of a search is confined to: a shard's ordinal range, the differing key tails. */
interface Confine {
  readonly within?: OrdinalRange;
  readonly tails?: readonly string[];
}

/**
 * How queries select the buckets of `sets`: at most `maxIds` buckets each (in ordinal order), by ordinal
 * ranges where they are few and the ordinal is a column (an index serves them), else by bucket ids (hash
 * ordinals are computed, so it is a scan anyway).
 */
export function filtersFor(side: Side, sets: readonly BucketSet[], confine: Confine = {}, maxIds = IDS_PER_QUERY): RowFilter[] {
  const all = sets.flatMap((s) => s.ids.map((id) => ({ grid: s.grid, id, lo: bucketRange(s.grid, id).lo })))
    .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  return chunks(all, Math.max(1, maxIds)).flatMap((part) => {
    const byGrid = new Map<Grid, bigint[]>();
    for (const x of part) byGrid.set(x.grid, [...(byGrid.get(x.grid) ?? []), x.id]);
    return chunkFilters(side, [...byGrid].map(([grid, ids]) => ({ grid, ids })), confine);
  });
}

function chunkFilters(side: Side, sets: readonly BucketSet[], confine: Confine): RowFilter[] {
  const hash = side.sql.hash.ordinalKind === 'hash';
  const wide = sets.some((s) => s.grid.wide);
  const ranges = rangesOf(sets);
  const w = { ...(confine.within ? { within: confine.within } : {}), ...(confine.tails ? { tails: confine.tails } : {}) };
  if (ranges.length === 0) return [];
  if (wide || (!hash && ranges.length <= RANGES_PER_QUERY)) return chunks(ranges, RANGES_PER_QUERY).map((r) => ({ kind: 'ranges', ranges: r, ...w }));
  return [{ kind: 'buckets', sets, ...w }];
}

interface Search {
  readonly leaves: BucketSet[];
  readonly leafRows: number;
  /** Rows of the first level's query, per side. */
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly compared: number;
  readonly differing: number;
}

/** Counters a search continues from (the tail pass's, when one came first). */
interface SearchStart {
  readonly level: number;
  readonly compared: number;
  readonly differing: number;
  readonly leafRows: number;
}

/** Bisection from `grid` over the rows `filters` select, one grouped query per level, down to leaves. */
async function search(
  p: Pair, o: BisectOptions, first: Grid, filters0: RowFilter[], confine: Confine, start: SearchStart, progress?: Progress,
): Promise<Search> {
  let grid = first;
  let filters = filters0;
  const leaves: BucketSet[] = [];
  let sourceRows = 0;
  let targetRows = 0;
  let { compared, differing, leafRows } = start;
  for (let level = start.level; filters.length > 0; level++) {
    const sm = new Map<bigint, SegmentChecksum>();
    const tm = new Map<bigint, SegmentChecksum>();
    for (const f of filters) {
      const [a, b] = await both(p, (s) => s.conn.query(bucketSql(s.sql, grid, f)));
      for (const [k, v] of checksums(p.source.sql, a)) sm.set(k, v);
      for (const [k, v] of checksums(p.target.sql, b)) tm.set(k, v);
    }
    if (level === start.level) {
      for (const v of sm.values()) sourceRows += Number(v.count);
      for (const v of tm.values()) targetRows += Number(v.count);
    }
    const step = bisect(grid, sm, tm, o);
    compared += step.compared;
    differing += step.differing;
    progress?.level(level, compared, differing);
    if (step.leaves.ids.length > 0) {
      leaves.push(step.leaves);
      for (const id of step.leaves.ids) leafRows += Math.max(Number(sm.get(id)?.count ?? 0n), Number(tm.get(id)?.count ?? 0n));
      progress?.leafRows(leafRows);
    }
    if (step.split.ids.length === 0) break;
    // The next query reads the split buckets only and groups them by the finer grid.
    filters = filtersFor(p.source, [step.split], confine);
    const largest = step.split.ids.reduce((n, id) => Math.max(n, Number(sm.get(id)?.count ?? 0n), Number(tm.get(id)?.count ?? 0n)), 0);
    grid = childGrid(grid, o.fanout, largest, o);
  }
  return { leaves, leafRows, sourceRows, targetRows, compared, differing };
}

const sumRows = (xs: readonly { readonly rows: number }[]) => xs.reduce((n, x) => n + x.rows, 0);
/** Buckets in a list of bucket sets. */
const bucketsIn = (sets: readonly BucketSet[]) => sets.reduce((n, s) => n + s.ids.length, 0);

function tailChecksums(rows: readonly Row[]): Map<string, SegmentChecksum> {
  const m = new Map<string, SegmentChecksum>();
  for (const r of rows) if (r.b !== null && r.b !== undefined) m.set(r.b, { count: BigInt(r.n!), sum: BigInt(r.s ?? '0') });
  return m;
}

/**
 * The first pass by key tail: a differing tail of up to HEX_LEAF_FACTOR * leafRows rows is a leaf (its
 * rows are read by tail, no key hashed); the larger ones are searched by the md5 grid, confined to them.
 */
async function byTails(p: Pair, o: BisectOptions, progress?: Progress): Promise<SegmentResult> {
  const [a, b] = await both(p, (s) => s.conn.query(tailBucketSql(s.sql, { kind: 'all' })));
  const sm = tailChecksums(a);
  const tm = tailChecksums(b);
  const count = (m: Map<string, SegmentChecksum>) => [...m.values()].reduce((n, v) => n + Number(v.count), 0);
  const c = compareSegments(sm, tm, (rows) => rows <= HEX_LEAF_FACTOR * o.leafRows);
  const leafTails: TailRows[] = c.leaves.map((x) => ({ tail: x.id, rows: x.rows }));
  const split = c.split.map((x) => x.id);
  const differing = c.leaves.length + c.split.length;
  const tailLeafRows = sumRows(c.leaves);
  progress?.level(0, c.compared, differing);
  if (tailLeafRows > 0) progress?.leafRows(tailLeafRows);
  const found = split.length === 0
    ? { leaves: [], leafRows: tailLeafRows, compared: c.compared, differing }
    : await search(p, o, hexGrid(BigInt(sumRows(c.split)), o), [{ kind: 'all', tails: split }], { tails: split },
      { level: 1, compared: c.compared, differing, leafRows: tailLeafRows }, progress);
  return {
    leafTails, leaves: found.leaves, ...(split.length > 0 ? { splitTails: split } : {}), leafRows: found.leafRows,
    sourceRows: count(sm), targetRows: count(tm),
    stats: { first_pass: c.compared, compared: found.compared, differing: found.differing, leaves: leafTails.length + bucketsIn(found.leaves), leaf_rows: o.leafRows },
  };
}

/**
 * Whether a run's first pass may be by key tail: not a shard's, which is a range of the key's md5 (it hashes
 * every key anyway, so it keeps the md5 grid).
 */
export function tailPassFor(shard?: Shard): boolean {
  return !(shard && shard.count > 1);
}

export async function differingSegments(p: Pair, o: BisectOptions, shard?: Shard, progress?: Progress): Promise<SegmentResult> {
  if (p.source.sql.hash.keyTail !== undefined && p.target.sql.hash.keyTail !== undefined && tailPassFor(shard)) return byTails(p, o, progress);
  const space = await keySpace(p, shard);
  const empty = { first_pass: 0, compared: 0, differing: 0, leaves: 0, leaf_rows: o.leafRows };
  if (!space) return { leafTails: [], leaves: [], leafRows: 0, sourceRows: 0, targetRows: 0, stats: empty };
  const first: Grid = space.hex ? hexGrid(space.rows, o) : firstGrid(space.range, space.rows, o);
  const confine = space.within ? { within: space.within } : {};
  const filters: RowFilter[] = [space.within ? { kind: 'ranges', ranges: [space.within] } : { kind: 'all' }];
  const found = await search(p, o, first, filters, confine, { level: 0, compared: 0, differing: 0, leafRows: 0 }, progress);
  return {
    leafTails: [], leaves: found.leaves, leafRows: found.leafRows, sourceRows: found.sourceRows, targetRows: found.targetRows, ...confine,
    stats: {
      first_pass: Number(space.within && first.hex ? (spanOf(space.within) + first.width - 1n) / first.width : bucketCount(first)),
      compared: found.compared, differing: found.differing, leaves: bucketsIn(found.leaves), leaf_rows: o.leafRows,
    },
  };
}

/** Groups of consecutive rows at the same (ordinal, tie-break) position. */
async function* groups(side: SideSql, batches: AsyncIterable<Row[]>, progress?: Progress): AsyncGenerator<LeafRow[]> {
  let cur: LeafRow[] = [];
  for await (const batch of batches) {
    progress?.rows(batch.length);
    for (const r of batch) {
      const l: LeafRow = { ...leafPosition(side, r), k: r.k!, h: r.h!, fields: r };
      if (cur.length > 0 && comparePosition(cur[0]!, l) !== 0) {
        yield cur;
        cur = [];
      }
      cur.push(l);
    }
  }
  if (cur.length > 0) yield cur;
}

/**
 * Leaf rows up to which one plain query reads them (engines scan in parallel there; a PostgreSQL cursor
 * never does); beyond it they stream in batches. Ten thousand keeps the rows held at once to a few
 * megabytes: at 100,000, ten differences in a 5M-row text table (20 tails of 1,220 rows, both sides held)
 * raised the benchmark's peak RSS from 284 to 319 MB.
 */
export const LEAF_ROWS_IN_ONE_QUERY = 10_000;

/**
 * Leaf rows one leaf query reads and sorts at most: DuckDB under its memory cap (64 MB by default)
 * cannot sort a million wide rows, and a smaller sort keeps both engines' memory flat.
 */
export const LEAF_ROWS_PER_QUERY = 100_000;

async function* once(rows: Promise<Row[]>): AsyncGenerator<Row[]> {
  yield await rows;
}

/** Leaf tails read whole, at most about LEAF_ROWS_PER_QUERY rows and IDS_PER_QUERY tails a query. */
function tailFilters(tails: readonly TailRows[]): RowFilter[] {
  const out: RowFilter[] = [];
  let part: string[] = [];
  let rows = 0;
  for (const t of tails) {
    if (part.length > 0 && (rows + t.rows > LEAF_ROWS_PER_QUERY || part.length >= IDS_PER_QUERY)) {
      out.push({ kind: 'all', tails: part });
      part = [];
      rows = 0;
    }
    part.push(t.tail);
    rows += t.rows;
  }
  if (part.length > 0) out.push({ kind: 'all', tails: part });
  return out;
}

/** Streams the leaves of both sides in the same order and hands every difference to `emit` as found. */
export async function diffLeaves(
  p: Pair, seg: SegmentResult, emit: (d: Difference) => Promise<void>, progress?: Progress, inOneQuery = LEAF_ROWS_IN_ONE_QUERY,
): Promise<void> {
  const read = (side: Side, sql: string) => (seg.leafRows <= inOneQuery ? once(side.conn.query(sql)) : side.conn.stream(sql));
  // Each query sorts at most about LEAF_ROWS_PER_QUERY rows (near-total differences take several).
  const ids = bucketsIn(seg.leaves);
  const perQuery = seg.leafRows > LEAF_ROWS_PER_QUERY ? Math.floor((ids * LEAF_ROWS_PER_QUERY) / seg.leafRows) : IDS_PER_QUERY;
  const confine = { ...(seg.within ? { within: seg.within } : {}), ...(seg.splitTails ? { tails: seg.splitTails } : {}) };
  const filters = [...tailFilters(seg.leafTails), ...filtersFor(p.source, seg.leaves, confine, perQuery)];
  for (const f of filters) {
    const ga = groups(p.source.sql, read(p.source, leafStreamSql(p.source.sql, f)), progress);
    const gb = groups(p.target.sql, read(p.target, leafStreamSql(p.target.sql, f)), progress);
    try {
      let [a, b] = await Promise.all([ga.next(), gb.next()]);
      while (!a.done || !b.done) {
        const c = a.done ? 1 : b.done ? -1 : comparePosition(a.value[0]!, b.value[0]!);
        const diffs = c < 0 ? diffGroup(a.value!, []) : c > 0 ? diffGroup([], b.value!) : diffGroup(a.value!, b.value!);
        for (const d of diffs) await emit(d);
        if (c < 0) a = await ga.next();
        else if (c > 0) b = await gb.next();
        else [a, b] = await Promise.all([ga.next(), gb.next()]);
      }
    } finally {
      await Promise.all([ga.return(undefined), gb.return(undefined)]);
    }
  }
}

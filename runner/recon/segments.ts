// Segment checksums on both engines, split where they differ, down to leaves; then the leaves' (key,
// row hash) pairs, diffed here. Only checksums and leaf rows cross the wire.
import { diffKeys, type KeyDiff, type KeyHash } from '../../core/recon/keydiff.js';
import { boundsSql, bucketSql, countSql, leafSql } from '../../core/recon/queries.js';
import type { TableReport } from '../../core/recon/report-types.js';
import {
  bisect, firstPass, mergeRanges, spanOf, type BisectOptions, type BucketPlan, type OrdinalRange, type SegmentChecksum,
} from '../../core/recon/segments.js';
import type { Row } from '../connectors/connection.js';
import { both, chunks, type Pair } from './pair.js';

const HASH_RANGE: OrdinalRange = { lo: 0n, hi: 0xffffffffn };
const RANGES_PER_QUERY = 200;

export interface SegmentResult {
  /** Differing segments small enough to diff row by row, merged where adjacent. */
  readonly leaves: OrdinalRange[];
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly stats: TableReport['segments'];
}

function checksums(rows: readonly Row[]): Map<bigint, SegmentChecksum> {
  const m = new Map<bigint, SegmentChecksum>();
  for (const r of rows) m.set(BigInt(r.b!), { count: BigInt(r.n!), sum: BigInt(r.s ?? '0') });
  return m;
}

const bigOf = (v: string | null | undefined): bigint | undefined => (v === null || v === undefined ? undefined : BigInt(v));

/** The ordinal range both sides span (integer and date keys), or the whole hash range with a row estimate. */
async function firstPlan(p: Pair, o: BisectOptions): Promise<BucketPlan | undefined> {
  if (p.source.sql.hash.ordinalKind === 'hash') {
    const [a, b] = await both(p, (s) => s.conn.query(countSql(s.sql)));
    const n = [bigOf(a[0]?.n) ?? 0n, bigOf(b[0]?.n) ?? 0n].reduce((x, y) => (y > x ? y : x));
    return firstPass(HASH_RANGE, n, o);
  }
  const [a, b] = await both(p, (s) => s.conn.query(boundsSql(s.sql)));
  const los = [bigOf(a[0]?.lo), bigOf(b[0]?.lo)].filter((v): v is bigint => v !== undefined);
  const his = [bigOf(a[0]?.hi), bigOf(b[0]?.hi)].filter((v): v is bigint => v !== undefined);
  if (los.length === 0) return undefined;
  const range = { lo: los.reduce((x, y) => (y < x ? y : x)), hi: his.reduce((x, y) => (y > x ? y : x)) };
  return firstPass(range, spanOf(range), o);
}

export async function differingSegments(p: Pair, o: BisectOptions): Promise<SegmentResult> {
  const first = await firstPlan(p, o);
  if (!first) return { leaves: [], sourceRows: 0, targetRows: 0, stats: { first_pass: 0, compared: 0, differing: 0, leaves: 0, leaf_rows: o.leafRows } };
  let pending: BucketPlan[] = [first];
  const leaves: OrdinalRange[] = [];
  let sourceRows = 0;
  let targetRows = 0;
  let compared = 0;
  let differing = 0;
  for (let level = 0; pending.length > 0; level++) {
    const next: BucketPlan[] = [];
    for (const plan of pending) {
      const [a, b] = await both(p, (s) => s.conn.query(bucketSql(s.sql, plan)));
      const sm = checksums(a);
      const tm = checksums(b);
      if (level === 0) {
        for (const v of sm.values()) sourceRows += Number(v.count);
        for (const v of tm.values()) targetRows += Number(v.count);
      }
      const step = bisect(plan, sm, tm, o);
      compared += step.compared;
      differing += step.differing;
      leaves.push(...step.leaves);
      next.push(...step.split);
    }
    pending = next;
  }
  return {
    leaves: mergeRanges(leaves), sourceRows, targetRows,
    stats: { first_pass: Number(first.buckets), compared, differing, leaves: leaves.length, leaf_rows: o.leafRows },
  };
}

export async function diffLeaves(p: Pair, leaves: readonly OrdinalRange[]): Promise<KeyDiff> {
  const s: KeyHash[] = [];
  const t: KeyHash[] = [];
  for (const group of chunks(leaves, RANGES_PER_QUERY)) {
    const [a, b] = await both(p, (side) => side.conn.query(leafSql(side.sql, group)));
    for (const r of a) s.push({ k: r.k!, h: r.h! });
    for (const r of b) t.push({ k: r.k!, h: r.h! });
  }
  return diffKeys(s, t);
}

export { RANGES_PER_QUERY };

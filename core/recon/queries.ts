// The statements reconciliation sends to an engine. Each returns only what crosses the wire:
// checksums per segment, (key, hash) pairs of leaf segments, and full canonical rows of differing keys.
// Every selected value is text, so no driver's number handling can change it on the way.
import type { Dialect } from '../dialects/dialect.js';
import { hashOrdinal, type CompiledHash } from '../hashing/compile.js';
import type { HashingSpec } from '../hashing/spec.js';
import type { HashColumn } from '../hashing/types.js';
import type { BucketSet, Grid, OrdinalRange } from './segments.js';

export interface SideSql {
  readonly dialect: Dialect;
  /** FROM item: a quoted table, or a table function for files. */
  readonly relation: string;
  readonly hash: CompiledHash;
}

const a = (d: Dialect, name: string) => d.quoteIdent(name);

/** Hex digits of the row hash a segment checksum sums: 60 bits, so every term fits a signed 64-bit integer. */
export const HASH_PART_DIGITS = 15;

/**
 * Which rows a query reads: all of them, ordinal ranges (index-friendly for integer keys), or buckets
 * of grids by id (one IN list per grid: hash ordinals have no index, and a scan is needed anyway).
 * `within` (a shard's ordinal range) is ANDed to any of them.
 */
export type RowFilter =
  | { readonly kind: 'all'; readonly within?: OrdinalRange }
  | { readonly kind: 'ranges'; readonly ranges: readonly OrdinalRange[]; readonly within?: OrdinalRange }
  | { readonly kind: 'buckets'; readonly sets: readonly BucketSet[]; readonly within?: OrdinalRange };

function rangesSql(s: SideSql, ranges: readonly OrdinalRange[]): string {
  if (ranges.length === 0) return '1 = 0';
  const o = s.hash.ordinal;
  return '(' + ranges.map((r) => (r.lo === r.hi ? `${o} = ${r.lo}` : `${o} BETWEEN ${r.lo} AND ${r.hi}`)).join(' OR ') + ')';
}

function filterSql(s: SideSql, f: RowFilter): string {
  const d = s.dialect;
  let where: string;
  if (f.kind === 'all') where = '1 = 1';
  else if (f.kind === 'ranges') where = rangesSql(s, f.ranges);
  else {
    const sets = f.sets.filter((x) => x.ids.length > 0);
    where = sets.length === 0 ? '1 = 0' : '(' + sets.map((x) =>
      `${d.bucketOf(s.hash.ordinal, x.grid.origin, x.grid.width, false)} IN (${x.ids.join(', ')})`).join(' OR ') + ')';
  }
  return f.within ? `${rangesSql(s, [f.within])} AND ${where}` : where;
}

/** min/max of the ordinal (index-only for an integer key) and the row count. */
export function boundsSql(s: SideSql): string {
  const d = s.dialect;
  return `SELECT ${d.toText(`min(${s.hash.ordinal})`)} AS ${a(d, 'lo')}, ${d.toText(`max(${s.hash.ordinal})`)} AS ${a(d, 'hi')} FROM ${s.relation}`;
}

export function countSql(s: SideSql, within?: OrdinalRange): string {
  const d = s.dialect;
  return `SELECT ${d.toText('count(*)')} AS ${a(d, 'n')} FROM ${s.relation}${within ? ` WHERE ${rangesSql(s, [within])}` : ''}`;
}

/**
 * One checksum per bucket of `grid` among the rows `filter` selects, for buckets holding rows. The row
 * hash is used once, so engines that inline subqueries (PostgreSQL) still compute md5 once per row and
 * can aggregate in parallel.
 */
export function bucketSql(s: SideSql, grid: Grid, filter: RowFilter): string {
  const d = s.dialect;
  const inner = `SELECT ${s.hash.ordinal} AS ${a(d, 'o')}, ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation} WHERE ${filterSql(s, filter)}`;
  const rh = `t.${a(d, 'rh')}`;
  const bucket = d.bucketOf(`t.${a(d, 'o')}`, grid.origin, grid.width, grid.wide);
  return `SELECT ${d.toText(bucket)} AS ${a(d, 'b')}, ${d.toText('count(*)')} AS ${a(d, 'n')}, ` +
    `${d.sumText(d.hexToInt(rh, 1, HASH_PART_DIGITS))} AS ${a(d, 's')} ` +
    `FROM (${inner}) t GROUP BY ${bucket}`;
}

/** The whole table's checksum in one pass: the scan limit reconciliation is measured against. */
export function tableChecksumSql(s: SideSql): string {
  const d = s.dialect;
  const rh = `t.${a(d, 'rh')}`;
  return `SELECT ${d.toText('count(*)')} AS ${a(d, 'n')}, ${d.sumText(d.hexToInt(rh, 1, HASH_PART_DIGITS))} AS ${a(d, 's')} ` +
    `FROM (SELECT ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation}) t`;
}

/** True when rows sharing an ordinal may hold different keys, so a leaf stream needs a tie-break. */
export function needsTieBreak(s: SideSql): boolean {
  return s.hash.ordinalKind === 'hash' || s.hash.keyFields.length > 1;
}

/**
 * Every row the filter selects, in (ordinal, tie-break) order, both integers so no collation decides:
 * o, t (digits 9-23 of md5 of the key text, when keys may share an ordinal), the canonical key text k,
 * the row hash h, and the canonical fields k0.. and f0.. for explaining a difference.
 */
export function leafStreamSql(s: SideSql, filter: RowFilter): string {
  const d = s.dialect;
  const tie = needsTieBreak(s) ? d.hexToInt(d.md5Hex(s.hash.keyText), 9, HASH_PART_DIGITS) : undefined;
  const cols = [
    `${d.toText(s.hash.ordinal)} AS ${a(d, 'o')}`,
    ...(tie ? [`${d.toText(tie)} AS ${a(d, 't')}`] : []),
    `${s.hash.keyText} AS ${a(d, 'k')}`,
    `${s.hash.rowHash} AS ${a(d, 'h')}`,
    ...s.hash.keyFields.map((f, i) => `${f} AS ${a(d, `k${i}`)}`),
    ...s.hash.fields.map((f, i) => `${f} AS ${a(d, `f${i}`)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM ${s.relation} WHERE ${filterSql(s, filter)} ORDER BY ${s.hash.ordinal}${tie ? `, ${tie}` : ''}`;
}

/**
 * Keys held by more than one row: grouped by the raw key columns (text by its bytes, whatever the
 * column's collation, so 'K3' and 'k3' stay apart), then shown as canonical key text, with the number
 * of such keys on every row (`total`) and at most `limit` listed.
 */
export function duplicateKeysSql(s: SideSql, limit: number, within?: OrdinalRange): string {
  const d = s.dialect;
  const where = within ? ` WHERE ${rangesSql(s, [within])}` : '';
  const raw = s.hash.key.map((c) => {
    const x = d.quoteIdent(c.name);
    return `${c.logical === 'string' ? d.binaryText(x) : x} AS ${x}`;
  });
  return `SELECT ${s.hash.keyText} AS ${a(d, 'k')}, ${d.toText(a(d, 'n'))} AS ${a(d, 'n')}, ${d.toText('count(*) OVER ()')} AS ${a(d, 'total')} FROM ` +
    `(SELECT ${raw.join(', ')}, count(*) AS ${a(d, 'n')} FROM ${s.relation}${where} ` +
    `GROUP BY ${s.hash.key.map((_, i) => i + 1).join(', ')} HAVING count(*) > 1) x LIMIT ${limit}`;
}

/** Rows whose hash of seed and key falls below rate * 2^32: the same keys on every engine. */
export function sampleSql(s: SideSql, spec: HashingSpec, seed: string, rate: number): string {
  const d = s.dialect;
  const limit = BigInt(Math.floor(Math.min(1, Math.max(0, rate)) * 2 ** 32));
  const pick = hashOrdinal(d, d.concat([d.stringLiteral(seed + spec.separator), s.hash.keyText]));
  const cols = [
    `${s.hash.keyText} AS ${a(d, 'k')}`,
    ...s.hash.keyFields.map((f, i) => `${f} AS ${a(d, `k${i}`)}`),
    ...s.hash.fields.map((f, i) => `${f} AS ${a(d, `f${i}`)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM ${s.relation} WHERE ${pick} < ${limit}`;
}

export type AggregateMetric = 'count' | 'null_count' | 'sum' | 'min' | 'max' | 'distinct';

export interface AggregateColumn {
  readonly column: HashColumn;
  readonly metrics: readonly AggregateMetric[];
}

/** Aliases are `a<column index>_<metric>`; sums and extremes are rendered in canonical text. */
export function aggregateSql(s: SideSql, columns: readonly AggregateColumn[]): string {
  const d = s.dialect;
  const parts = [`${d.toText('count(*)')} AS ${a(d, 'rows')}`];
  columns.forEach((c, i) => {
    const x = d.quoteIdent(c.column.name);
    for (const m of c.metrics) {
      const alias = a(d, `a${i}_${m}`);
      if (m === 'count') parts.push(`${d.toText(`count(${x})`)} AS ${alias}`);
      else if (m === 'null_count') parts.push(`${d.toText(`count(*) - count(${x})`)} AS ${alias}`);
      else if (m === 'distinct') parts.push(`${d.toText(`count(DISTINCT ${x})`)} AS ${alias}`);
      else if (m === 'sum') {
        const col = c.column.logical === 'float' ? { ...c.column } : { ...c.column, logical: 'decimal' as const, scale: c.column.scale ?? 0 };
        const sum = c.column.logical === 'float' ? `sum(CAST(${x} AS ${d.engine === 'mysql' ? 'DOUBLE' : 'DOUBLE PRECISION'}))` : `sum(${x})`;
        parts.push(`${d.toText(d.canonical(sum, col))} AS ${alias}`);
      } else parts.push(`${d.canonical(`${m}(${x})`, c.column)} AS ${alias}`);
    }
  });
  return `SELECT ${parts.join(', ')} FROM ${s.relation}`;
}

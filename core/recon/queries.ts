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
 * `within` (a shard's ordinal range) and `tails` (key tails) are ANDed to any of them.
 */
export type RowFilter = (
  | { readonly kind: 'all' }
  | { readonly kind: 'ranges'; readonly ranges: readonly OrdinalRange[] }
  | { readonly kind: 'buckets'; readonly sets: readonly BucketSet[] }
) & {
  readonly within?: OrdinalRange;
  /** Only rows whose key tail (CompiledHash.keyTail) is one of these; tested before anything else. */
  readonly tails?: readonly string[];
};

/** Hex digits of a hash ordinal (32 bits). */
export const ORDINAL_HEX_DIGITS = 8;

/** The ordinal as zero-padded lower-case hex, `digits` long: how a hash ordinal (or a prefix of it) is written. */
export function hexOrdinal(v: bigint, digits = ORDINAL_HEX_DIGITS): string {
  return v.toString(16).padStart(digits, '0');
}

/**
 * Hex digits of a bucket of `grid` over a hash ordinal: its width must be a power of 16 with origin 0,
 * so that bucket id b is the ordinal's first 8 - log16(width) digits.
 */
export function prefixDigits(grid: Grid): number {
  let digits = ORDINAL_HEX_DIGITS;
  let w = grid.width;
  while (w > 1n && w % 16n === 0n) { w /= 16n; digits--; }
  if (w !== 1n || grid.origin !== 0n || digits < 1) throw new Error(`a hash-ordinal grid needs origin 0 and a width 16^k (got ${grid.origin}, ${grid.width})`);
  return digits;
}

/**
 * A range of the 32-bit hash (or uuid) ordinal that reaches either end needs one comparison, not two:
 * PostgreSQL expands BETWEEN into two and computes the key's md5 for each (a first or last shard).
 */
function openEnded(r: OrdinalRange, from: string, upTo: string, between: string): string {
  if (r.lo === 0n && r.hi === HASH_MAX) return '1 = 1';
  if (r.hi === HASH_MAX) return from;
  if (r.lo === 0n) return upTo;
  return between;
}

const HASH_MAX = 0xffffffffn;

function rangesSql(s: SideSql, ranges: readonly OrdinalRange[]): string {
  if (ranges.length === 0) return '1 = 0';
  const d = s.dialect;
  const col = s.hash.ordinalColumn;
  if (col !== undefined) {
    // A native uuid column: its own order is its text's, and its index serves the ranges.
    const lo = (v: bigint) => d.stringLiteral(`${hexOrdinal(v)}-0000-0000-0000-000000000000`);
    const hi = (v: bigint) => d.stringLiteral(`${hexOrdinal(v)}-ffff-ffff-ffff-ffffffffffff`);
    return '(' + ranges.map((r) => openEnded(r, `${col} >= ${lo(r.lo)}`, `${col} <= ${hi(r.hi)}`, `${col} BETWEEN ${lo(r.lo)} AND ${hi(r.hi)}`)
      + (r.lo === 0n ? ` OR ${col} IS NULL` : '')).join(' OR ') + ')';
  }
  const hex = s.hash.ordinalHex;
  if (hex !== undefined) {
    // Equal-length lower-case hex compares by its bytes as it does by value.
    const o = d.binaryText(d.prefix(hex, ORDINAL_HEX_DIGITS));
    const l = (v: bigint) => d.stringLiteral(hexOrdinal(v));
    return '(' + ranges.map((r) => (r.lo === r.hi ? `${o} = ${l(r.lo)}` : openEnded(r, `${o} >= ${l(r.lo)}`, `${o} <= ${l(r.hi)}`, `${o} BETWEEN ${l(r.lo)} AND ${l(r.hi)}`))).join(' OR ') + ')';
  }
  const o = s.hash.ordinal;
  return '(' + ranges.map((r) => (r.lo === r.hi ? `${o} = ${r.lo}` : `${o} BETWEEN ${r.lo} AND ${r.hi}`)).join(' OR ') + ')';
}

/** The bucket of `grid` a row falls in: an integer, or for a hash ordinal the hex prefix (text). */
function bucketExpr(s: SideSql, ordinal: string, grid: Grid, wide: boolean): string {
  const hex = s.hash.ordinalHex;
  return hex !== undefined ? s.dialect.prefix(hex, prefixDigits(grid)) : s.dialect.bucketOf(ordinal, grid.origin, grid.width, wide);
}

function bucketIdsSql(s: SideSql, set: BucketSet): string {
  const d = s.dialect;
  if (s.hash.ordinalHex === undefined) return `${bucketExpr(s, s.hash.ordinal, set.grid, false)} IN (${set.ids.join(', ')})`;
  const digits = prefixDigits(set.grid);
  return `${bucketExpr(s, s.hash.ordinal, set.grid, false)} IN (${set.ids.map((id) => d.stringLiteral(hexOrdinal(id, digits))).join(', ')})`;
}

function filterSql(s: SideSql, f: RowFilter): string {
  let where: string;
  if (f.kind === 'all') where = '1 = 1';
  else if (f.kind === 'ranges') where = rangesSql(s, f.ranges);
  else {
    const sets = f.sets.filter((x) => x.ids.length > 0);
    where = sets.length === 0 ? '1 = 0' : '(' + sets.map((x) => bucketIdsSql(s, x)).join(' OR ') + ')';
  }
  if (f.within) where = `${rangesSql(s, [f.within])} AND ${where}`;
  return f.tails ? tailsFirst(s, f.tails, where) : where;
}

/**
 * Rows of these key tails that also meet `then`, the tails tested first: a CASE, because PostgreSQL orders
 * a conjunction by its estimated cost, which puts a long IN list after the key's md5, hashing every row.
 */
function tailsFirst(s: SideSql, tails: readonly string[], then: string): string {
  const tail = s.hash.keyTail;
  if (tail === undefined) throw new Error('a key-tail filter needs a hash-ordinal key');
  if (tails.length === 0) return '1 = 0';
  const inTails = `${tail} IN (${tails.map((t) => s.dialect.stringLiteral(t)).join(', ')})`;
  return then === '1 = 1' ? inTails : `CASE WHEN ${inTails} THEN ${then} ELSE 1 = 0 END`;
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
 * can aggregate in parallel. A bucket is an integer, or for a hash ordinal its hex prefix (text: grouping
 * on it parses no digits per row; bucketId reads it).
 */
export function bucketSql(s: SideSql, grid: Grid, filter: RowFilter): string {
  const d = s.dialect;
  const hex = s.hash.ordinalHex !== undefined;
  const inner = hex
    ? `SELECT ${bucketExpr(s, '', grid, false)} AS ${a(d, 'b')}, ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation} WHERE ${filterSql(s, filter)}`
    : `SELECT ${s.hash.ordinal} AS ${a(d, 'o')}, ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation} WHERE ${filterSql(s, filter)}`;
  const rh = `t.${a(d, 'rh')}`;
  const bucket = hex ? `t.${a(d, 'b')}` : d.bucketOf(`t.${a(d, 'o')}`, grid.origin, grid.width, grid.wide);
  return `SELECT ${d.toText(bucket)} AS ${a(d, 'b')}, ${d.toText('count(*)')} AS ${a(d, 'n')}, ` +
    `${d.sumText(d.hexToInt(rh, 1, HASH_PART_DIGITS))} AS ${a(d, 's')} ` +
    `FROM (${inner}) t GROUP BY ${bucket}`;
}

/**
 * One checksum per key tail among the rows `filter` selects: the first segment pass of a hash-ordinal
 * key, which hashes no key (the tail is a few characters of its canonical text).
 */
export function tailBucketSql(s: SideSql, filter: RowFilter): string {
  const d = s.dialect;
  const tail = s.hash.keyTail;
  if (tail === undefined) throw new Error('tail buckets need a hash-ordinal key');
  return `SELECT ${d.toText(`t.${a(d, 'b')}`)} AS ${a(d, 'b')}, ${d.toText('count(*)')} AS ${a(d, 'n')}, ` +
    `${d.sumText(d.hexToInt(`t.${a(d, 'rh')}`, 1, HASH_PART_DIGITS))} AS ${a(d, 's')} ` +
    `FROM (SELECT ${tail} AS ${a(d, 'b')}, ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation} WHERE ${filterSql(s, filter)}) t GROUP BY t.${a(d, 'b')}`;
}

/** The bucket id of a row of bucketSql's result. */
export function bucketId(s: SideSql, b: string): bigint {
  return s.hash.ordinalHex !== undefined ? BigInt(`0x${b}`) : BigInt(b);
}

/** The whole table's checksum in one pass: the scan limit reconciliation is measured against. */
export function tableChecksumSql(s: SideSql): string {
  const d = s.dialect;
  const rh = `t.${a(d, 'rh')}`;
  return `SELECT ${d.toText('count(*)')} AS ${a(d, 'n')}, ${d.sumText(d.hexToInt(rh, 1, HASH_PART_DIGITS))} AS ${a(d, 's')} ` +
    `FROM (SELECT ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation}) t`;
}

/** True when rows sharing an integer ordinal may hold different keys, so a leaf stream needs a tie-break. */
export function needsTieBreak(s: SideSql): boolean {
  return s.hash.ordinalHex === undefined && (s.hash.ordinalKind === 'hash' || s.hash.keyFields.length > 1);
}

/**
 * Every row the filter selects, in (ordinal, tie-break) order, both compared without any collation:
 * o (the integer ordinal, or for a hash ordinal all 32 hex digits of the key's md5, or the uuid itself,
 * which order by their bytes), t (digits 9-23 of md5 of the key text, when keys may share an integer ordinal), the canonical
 * key text k, the row hash h, and the canonical fields k0.. and f0.. for explaining a difference. An
 * integer key is ordered as an expression (+ 0), so PostgreSQL (whose sessions discourage sorting, for
 * the segment queries) still reads the leaves' ranges through the index and sorts those few rows,
 * instead of walking the whole index to avoid a sort.
 */
export function leafStreamSql(s: SideSql, filter: RowFilter): string {
  const d = s.dialect;
  const hex = s.hash.ordinalHex;
  const tie = needsTieBreak(s) ? d.hexToInt(d.md5Hex(s.hash.keyText), 9, HASH_PART_DIGITS) : undefined;
  const cols = [
    `${hex !== undefined ? hex : d.toText(s.hash.ordinal)} AS ${a(d, 'o')}`,
    ...(tie ? [`${d.toText(tie)} AS ${a(d, 't')}`] : []),
    `${s.hash.keyText} AS ${a(d, 'k')}`,
    `${s.hash.rowHash} AS ${a(d, 'h')}`,
    ...s.hash.keyFields.map((f, i) => `${f} AS ${a(d, `k${i}`)}`),
    ...s.hash.fields.map((f, i) => `${f} AS ${a(d, `f${i}`)}`),
  ];
  const order = hex !== undefined ? d.binaryText(hex) : s.hash.ordinalKind === 'integer' ? `${s.hash.ordinal} + 0` : s.hash.ordinal;
  return `SELECT ${cols.join(', ')} FROM ${s.relation} WHERE ${filterSql(s, filter)} ORDER BY ${order}${tie ? `, ${tie}` : ''}`;
}

/** The stream position of a row of leafStreamSql's result. */
export function leafPosition(s: SideSql, r: { readonly o?: string | null; readonly t?: string | null }): { o: bigint; t: bigint } {
  const o = s.hash.ordinalHex !== undefined ? BigInt(`0x${r.o!.replace(/-/g, '')}`) : BigInt(r.o!);
  return { o, t: r.t === undefined || r.t === null ? 0n : BigInt(r.t) };
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

/**
 * Rows whose hash of seed and key falls below rate * 2^32: the same keys on every engine. Ordered by that hash
 * (column `p`, an integer), so two engines stream their samples in the same order whatever their collations;
 * each row is its canonical key text and the md5 of its canonical row text (`h`), so the engines sort and send
 * three narrow columns however wide the table.
 */
export function sampleSql(s: SideSql, spec: HashingSpec, seed: string, rate: number): string {
  const d = s.dialect;
  const limit = BigInt(Math.floor(Math.min(1, Math.max(0, rate)) * 2 ** 32));
  const pick = hashOrdinal(d, d.concat([d.stringLiteral(seed + spec.separator), s.hash.keyText]));
  const cols = [`${pick} AS ${a(d, 'p')}`, `${s.hash.keyText} AS ${a(d, 'k')}`, `${s.hash.rowHash} AS ${a(d, 'h')}`];
  return `SELECT ${cols.join(', ')} FROM ${s.relation} WHERE ${pick} < ${limit} ORDER BY 1`;
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

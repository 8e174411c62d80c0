// The statements reconciliation sends to an engine. Each returns only what crosses the wire:
// checksums per segment, (key, hash) pairs of leaf segments, and full canonical rows of differing keys.
// Every selected value is text, so no driver's number handling can change it on the way.
import type { Dialect } from '../dialects/dialect.js';
import { hashOrdinal, type CompiledHash } from '../hashing/compile.js';
import type { HashingSpec } from '../hashing/spec.js';
import type { HashColumn } from '../hashing/types.js';
import type { BucketPlan, OrdinalRange } from './segments.js';

export interface SideSql {
  readonly dialect: Dialect;
  /** FROM item: a quoted table, or a table function for files. */
  readonly relation: string;
  readonly hash: CompiledHash;
}

const a = (d: Dialect, name: string) => d.quoteIdent(name);

/** Hex digits of the row hash a segment checksum sums: 60 bits, so every term fits a signed 64-bit integer. */
export const HASH_PART_DIGITS = 15;

function rangeFilter(s: SideSql, ranges: readonly OrdinalRange[]): string {
  if (ranges.length === 0) return '1 = 0';
  return '(' + ranges.map((r) => (r.lo === r.hi ? `${s.hash.ordinal} = ${r.lo}` : `${s.hash.ordinal} BETWEEN ${r.lo} AND ${r.hi}`)).join(' OR ') + ')';
}

/** min/max of the ordinal (index-only for an integer key) and the row count. */
export function boundsSql(s: SideSql): string {
  const d = s.dialect;
  return `SELECT ${d.toText(`min(${s.hash.ordinal})`)} AS ${a(d, 'lo')}, ${d.toText(`max(${s.hash.ordinal})`)} AS ${a(d, 'hi')} FROM ${s.relation}`;
}

export function countSql(s: SideSql): string {
  const d = s.dialect;
  return `SELECT ${d.toText('count(*)')} AS ${a(d, 'n')} FROM ${s.relation}`;
}

/**
 * One checksum per bucket of `plan`, for buckets holding rows. The row hash is used once, so engines
 * that inline subqueries (PostgreSQL) still compute md5 once per row and can aggregate in parallel.
 */
export function bucketSql(s: SideSql, plan: BucketPlan): string {
  const d = s.dialect;
  const inner = `SELECT ${s.hash.ordinal} AS ${a(d, 'o')}, ${s.hash.rowHash} AS ${a(d, 'rh')} FROM ${s.relation} WHERE ${rangeFilter(s, [plan.range])}`;
  const rh = `t.${a(d, 'rh')}`;
  const bucket = d.bucketOf(`t.${a(d, 'o')}`, plan.range.lo, plan.width, plan.wide);
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

/** (canonical key text, row hash) of every row in the leaf ranges. */
export function leafSql(s: SideSql, ranges: readonly OrdinalRange[]): string {
  const d = s.dialect;
  return `SELECT ${s.hash.keyText} AS ${a(d, 'k')}, ${s.hash.rowHash} AS ${a(d, 'h')} FROM ${s.relation} WHERE ${rangeFilter(s, ranges)}`;
}

/** Canonical key fields and column fields of the rows with the given canonical key texts. */
export function detailSql(s: SideSql, ranges: readonly OrdinalRange[], keyTexts: readonly string[]): string {
  const d = s.dialect;
  const cols = [
    `${s.hash.keyText} AS ${a(d, 'k')}`,
    ...s.hash.keyFields.map((f, i) => `${f} AS ${a(d, `k${i}`)}`),
    ...s.hash.fields.map((f, i) => `${f} AS ${a(d, `f${i}`)}`),
  ];
  const inList = keyTexts.map((k) => d.stringLiteral(k)).join(', ');
  return `SELECT ${cols.join(', ')} FROM ${s.relation} WHERE ${rangeFilter(s, ranges)} AND ${s.hash.keyText} IN (${inList})`;
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

// The profiling query of one table, built from the engine's few expressions (ProfileSql): one scan
// computing, per column, non-null and distinct counts, min/max, lengths, numeric scale and digits,
// and counts of values matching the patterns the agents reason from. Pure: returns SQL and how to
// read its single row back.
import type { ProfileSql } from './types.js';

export type ValueClass = 'integer' | 'number' | 'text' | 'temporal' | 'boolean' | 'binary' | 'json' | 'other';

/** POSIX-style regular expressions every engine here understands (PostgreSQL ARE, PCRE, RE2). */
export const PATTERNS = {
  email: '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$',
  phone: '^((\\+|00)[1-9][0-9 .()-]{6,18}[0-9]|0[1-9]([ .-]?[0-9]{2}){4})$',
  card_number: '^[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{1,7}$',
  date_text: '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?$',
  integer_text: '^-?[0-9]+$',
  decimal_text: '^-?[0-9]+\\.[0-9]+$',
  trailing_whitespace: '[[:space:]]$',
  non_ascii: '[^\\x01-\\x7f]',
} as const;

export type PatternName = keyof typeof PATTERNS;

/** The class of a declared type (lower case), which decides what is worth computing for it. */
export function valueClass(type: string): ValueClass {
  const t = type.toLowerCase().trim();
  if (t.endsWith('[]') || /^(array|list|struct|map)\b/.test(t)) return 'other';
  if (/^(tinyint\(1\)|bool|boolean)$/.test(t)) return 'boolean';
  if (/^(smallint|integer|int|bigint|tinyint|mediumint|hugeint|ubigint|uinteger|usmallint|utinyint|int[248]|serial|bigserial)\b/.test(t)) return 'integer';
  if (/^(numeric|decimal|real|double|float|money|number)\b/.test(t)) return 'number';
  if (/^(date|time|timestamp|datetime|year|interval)\b/.test(t)) return 'temporal';
  if (/^(bytea|blob|binary|varbinary|tinyblob|mediumblob|longblob|bit)\b/.test(t)) return 'binary';
  if (/^(json|jsonb)\b/.test(t)) return 'json';
  if (/^(text|varchar|character|char|bpchar|string|enum|set|uuid|citext|tinytext|mediumtext|longtext|name|inet|cidr)\b/.test(t)) return 'text';
  return 'other';
}

export interface ProfiledColumnSpec {
  readonly name: string;
  /** The type the class is decided from (a domain's base type, an enum as text). */
  readonly classType: string;
}

export interface ProfileQuery {
  readonly sql: string;
  /** Output column names of column i's statistics: `${prefix(i)}nonnull`, ...distinct, ...min, etc. */
  readonly prefix: (i: number) => string;
  readonly classes: readonly ValueClass[];
}

export function profileQuery(
  sql: ProfileSql, schema: string, table: string, columns: readonly ProfiledColumnSpec[], where: string | undefined,
): ProfileQuery {
  const prefix = (i: number) => `c${i}_`;
  const classes = columns.map((c) => valueClass(c.classType));
  const parts: string[] = ['count(*) AS profiled_rows'];
  columns.forEach((c, i) => {
    const col = sql.quoteIdent(c.name);
    const txt = sql.text(col);
    const p = prefix(i);
    const cls = classes[i]!;
    parts.push(`count(${col}) AS ${p}nonnull`);
    if (cls !== 'other' && cls !== 'binary' && cls !== 'json') parts.push(`count(DISTINCT ${txt}) AS ${p}distinct`);
    if (cls === 'integer' || cls === 'number' || cls === 'temporal') {
      parts.push(`${sql.text(`min(${col})`)} AS ${p}min`, `${sql.text(`max(${col})`)} AS ${p}max`);
    }
    if (cls === 'text' || cls === 'boolean') parts.push(`min(${txt}) AS ${p}min`, `max(${txt}) AS ${p}max`);
    if (cls === 'text' || cls === 'json' || cls === 'binary') {
      parts.push(`min(${sql.length(txt)}) AS ${p}min_length`, `max(${sql.length(txt)}) AS ${p}max_length`,
        `${sql.text(`avg(${sql.length(txt)})`)} AS ${p}avg_length`);
    }
    if (cls === 'number') parts.push(`max(${sql.scale(txt)}) AS ${p}max_scale`, `max(${sql.integerDigits(txt)}) AS ${p}max_integer_digits`);
    if (cls === 'text') {
      for (const [name, re] of Object.entries(PATTERNS)) {
        parts.push(`sum(CASE WHEN ${sql.matches(txt, re)} THEN 1 ELSE 0 END) AS ${p}${name}`);
      }
    }
  });
  const from = sql.quoteTable(schema, table);
  return { sql: `SELECT ${parts.join(',\n  ')}\nFROM ${from}${where ? ` WHERE ${where}` : ''}`, prefix, classes };
}

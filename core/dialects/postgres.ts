// PostgreSQL (15+). Standard-conforming strings: backslashes in literals are plain characters.
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, arrayElementText, finiteFloatText, intervalText, jsonLeafEscape, literalWith, normType, quoteWith, SQL_RESERVED, uuidFromHex } from './common.js';
import type { Dialect, TableName } from './dialect.js';

const lit = (s: string) => literalWith(s, false);
const concat = (parts: readonly string[]) => `(${parts.join(' || ')})`;

export function pgLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const full = normType(dataType);
  if (/\[\d*\]$/.test(full) || full === 'array') return 'array';
  if (full === 'enum') return 'enum';
  // Type modifiers ("numeric(12,2)", "character varying(20)", "timestamp(3) with time zone") do not change the logical type.
  const t = full.replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)/g, '').replace(/\s+/g, ' ').trim();
  if (t === 'numeric' || t === 'decimal') {
    const m = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(full);
    return (m ? Number(m[1]) : scale) === 0 ? 'integer' : 'decimal';
  }
  if (t === 'interval' || t.startsWith('interval ')) return 'interval';
  if (['smallint', 'integer', 'bigint', 'int2', 'int4', 'int8'].includes(t)) return 'integer';
  if (['double precision', 'real', 'float8', 'float4'].includes(t)) return 'float';
  if (['text', 'character varying', 'varchar', 'character', 'char', 'bpchar', 'name', 'citext'].includes(t)) return 'string';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'time without time zone' || t === 'time') return 'time';
  if (t === 'timestamp without time zone' || t === 'timestamp') return 'timestamp';
  if (t === 'timestamp with time zone' || t === 'timestamptz') return 'timestamptz';
  if (t === 'bytea') return 'binary';
  if (t === 'uuid') return 'uuid';
  if (t === 'json' || t === 'jsonb') return 'json';
  return undefined;
}

export const postgres: Dialect = {
  engine: 'postgres',
  reservedWords: new Set([...SQL_RESERVED, 'analyse', 'analyze', 'array', 'asymmetric', 'both', 'collate', 'do', 'leading', 'only', 'placing', 'returning', 'symmetric', 'trailing', 'variadic']),
  quoteIdent: (n) => quoteWith('"', n),
  quoteTable: (t: TableName) => (t.schema ? `${quoteWith('"', t.schema)}.` : '') + quoteWith('"', t.name),
  stringLiteral: lit,
  // pg_catalog rather than information_schema: an array keeps its element type ("integer[]"), an enum
  // (or an array of one) says so, and a domain reads as its base type.
  columnsQuery: (t) =>
    `SELECT a.attname::text AS column_name, ` +
    `CASE WHEN bt.typtype = 'e' THEN 'enum' WHEN et.typtype = 'e' THEN 'enum[]' ` +
    `ELSE format_type(COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid), CASE WHEN ty.typbasetype <> 0 THEN ty.typtypmod ELSE a.atttypmod END) END AS data_type, ` +
    `information_schema._pg_numeric_scale(COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid), CASE WHEN ty.typbasetype <> 0 THEN ty.typtypmod ELSE a.atttypmod END)::text AS numeric_scale ` +
    `FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid ` +
    `JOIN pg_type bt ON bt.oid = COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A' ` +
    `WHERE a.attrelid = to_regclass(${lit(`${quoteWith('"', t.schema ?? 'public')}.${quoteWith('"', t.name)}`)}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  uniqueKeysQuery: (t) =>
    `SELECT string_agg(a.attname::text, ',') AS columns FROM pg_index i ` +
    `JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) ` +
    `WHERE i.indrelid = to_regclass(${lit(`${quoteWith('"', t.schema ?? 'public')}.${quoteWith('"', t.name)}`)}) ` +
    `AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL GROUP BY i.indexrelid HAVING bool_and(a.attnotnull)`,
  logicalTypeOf: pgLogicalType,
  canonical(x: string, col: HashColumn): string {
    const phys = normType(col.physical);
    switch (col.logical) {
      case 'integer': return `(${x})::text`;
      case 'decimal':
        if (col.scale === undefined) return `CASE WHEN (${x})::numeric = 0 THEN '0' ELSE trim_scale((${x})::numeric)::text END`;
        return col.physicalScale === col.scale && /^(numeric|decimal)/.test(phys) ? `(${x})::text` : `round((${x})::numeric, ${col.scale})::text`;
      case 'float': {
        const f = `(${x})::float8`;
        // Logarithms beat float8send's bit pattern here (measured): PostgreSQL parses hex into bits slowly.
        const finite = finiteFloatText(f, {
          abs: (e) => `abs(${e})`, log2: (e) => `(ln(${e}) / ln(2::float8))`, pow2: (e) => `power(2::float8, ${e})`,
          floor: (e) => `floor(${e})`, intText: (e) => `((${e})::bigint)::text`, concat, lit,
        });
        return `CASE WHEN ${f} = 'NaN'::float8 THEN 'NaN' WHEN ${f} = 'Infinity'::float8 THEN 'Infinity' ` +
          `WHEN ${f} = '-Infinity'::float8 THEN '-Infinity' WHEN ${f} = 0 THEN '0' ELSE ${finite} END`;
      }
      // COLLATE "C": a nondeterministic (ICU, case-insensitive) collation would refuse replace() and
      // change what equal means; the canonical text is compared by its bytes.
      case 'string':
      case 'enum': return applyTextRules(`((${x})::text COLLATE "C")`, col.text);
      case 'boolean': return `CASE WHEN ${x} THEN '1' ELSE '0' END`;
      case 'date': return `to_char(${x}, 'YYYY-MM-DD')`;
      case 'time': return `to_char(${x}, 'HH24:MI:SS.US')`;
      case 'timestamp': return `to_char(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'timestamptz':
        return phys.includes('with time zone') || phys === 'timestamptz'
          ? `to_char((${x}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`
          : `to_char(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'binary': return `encode(${x}, 'hex')`;
      case 'uuid': return pgLogicalType(col.physical, null) === 'binary' ? uuidFromHex(`encode(${x}, 'hex')`, (e, at, n) => `substr(${e}, ${at}, ${n})`, concat) : `lower((${x})::text)`;
      case 'json': {
        // The leaf form of the spec, built by walking the document: every scalar (and empty container)
        // with its path, sorted by path bytes.
        const rep = { replace: (v: string, f: string, t: string) => `replace(${v}, ${lit(f)}, ${lit(t)})` };
        const num = postgres.canonical(`(w.v #>> '{}')::float8`, { name: 'n', logical: 'float', physical: 'float8' });
        const leaf = `CASE jsonb_typeof(w.v) WHEN 'string' THEN 's:' || ${jsonLeafEscape(`(w.v #>> '{}')`, rep)} WHEN 'number' THEN 'n:' || ${num} ` +
          `WHEN 'boolean' THEN CASE WHEN w.v = 'true'::jsonb THEN 'b:1' ELSE 'b:0' END WHEN 'null' THEN 'z' WHEN 'object' THEN 'o' ELSE 'a' END`;
        return `(WITH RECURSIVE w(p, v) AS (SELECT ''::text COLLATE "C", (${x})::jsonb UNION ALL ` +
          `SELECT w.p || CASE WHEN e.i IS NULL THEN '.' || ${jsonLeafEscape('e.k', rep)} ELSE '[' || e.i || ']' END, e.v FROM w, LATERAL (` +
          `SELECT key AS k, value AS v, NULL::bigint AS i FROM jsonb_each(CASE WHEN jsonb_typeof(w.v) = 'object' THEN w.v END) UNION ALL ` +
          `SELECT NULL, value, n - 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.v) = 'array' THEN w.v END) WITH ORDINALITY AS a(value, n)) e) ` +
          `SELECT string_agg(w.p || '=' || ${leaf}, ',' ORDER BY w.p COLLATE "C") FROM w ` +
          `WHERE jsonb_typeof(w.v) NOT IN ('object', 'array') OR w.v = '{}'::jsonb OR w.v = '[]'::jsonb)`;
      }
      case 'interval':
        return intervalText(`(extract(year from ${x}) * 12 + extract(month from ${x}))`, `extract(day from ${x})`,
          `(extract(hour from ${x}) * 3600000000 + extract(minute from ${x}) * 60000000 + extract(microseconds from ${x}))`,
          { concat, lit, intText: (e) => `((${e})::bigint)::text` });
      case 'array': {
        const el = col.element;
        if (!el) throw new Error(`array column ${col.name} has no element type`);
        const e = 'mc_e';
        const item = arrayElementText(e, postgres.canonical(e, { name: 'mc_e', ...el }), { concat, lit, replace: (v, f, t) => `replace(${v}, ${lit(f)}, ${lit(t)})` });
        return `(SELECT '{' || COALESCE(string_agg(${item}, ',' ORDER BY mc_i), '') || '}' FROM unnest(${x}) WITH ORDINALITY AS mc_u(mc_e, mc_i))`;
      }
    }
  },
  binaryText: (e) => `((${e})::text COLLATE "C")`,
  toText: (e) => `(${e})::text`,
  concat,
  replace: (e, from, to) => `replace(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `md5(${e})`,
  prefix: (e, n) => `substr(${e}, 1, ${n})`,
  suffix: (e, n) => `right(${e}, ${n})`,
  hexToInt: (h, start, length) => `(('x' || substr(${h}, ${start}, ${length}))::bit(${length * 4})::bigint)`,
  sumText: (e) => `(sum(${e}))::text`,
  bucketOf: (e, lo, w, wide) => wide
    ? `floor(((${e})::numeric - ${lo}) / ${w})::text`
    : `(((${e})::bigint - (${lo})::bigint) / (${w})::bigint)`,
  dayNumber: (e) => `((${e}) - DATE '1970-01-01')`,
  intLiteral: (v) => `(${v})::bigint`,
};

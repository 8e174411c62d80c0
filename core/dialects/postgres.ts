// PostgreSQL (15+). Standard-conforming strings: backslashes in literals are plain characters.
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, finiteFloatText, literalWith, normType, quoteWith, SQL_RESERVED } from './common.js';
import type { Dialect, TableName } from './dialect.js';

const lit = (s: string) => literalWith(s, false);
const concat = (parts: readonly string[]) => `(${parts.join(' || ')})`;

export function pgLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const t = normType(dataType);
  if (['smallint', 'integer', 'bigint', 'int2', 'int4', 'int8'].includes(t)) return 'integer';
  if (t === 'numeric' || t === 'decimal') return scale === 0 ? 'integer' : 'decimal';
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
  columnsQuery: (t) =>
    `SELECT column_name::text AS column_name, data_type::text AS data_type, numeric_scale::text AS numeric_scale ` +
    `FROM information_schema.columns WHERE table_schema = ${lit(t.schema ?? 'public')} AND table_name = ${lit(t.name)} ORDER BY ordinal_position`,
  logicalTypeOf: pgLogicalType,
  canonical(x: string, col: HashColumn): string {
    const phys = normType(col.physical);
    switch (col.logical) {
      case 'integer': return `(${x})::text`;
      case 'decimal':
        return col.physicalScale === col.scale && /^(numeric|decimal)/.test(phys) ? `(${x})::text` : `round((${x})::numeric, ${col.scale ?? 0})::text`;
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
      case 'string': return applyTextRules(`(${x})::text`, col.text);
      case 'boolean': return `CASE WHEN ${x} THEN '1' ELSE '0' END`;
      case 'date': return `to_char(${x}, 'YYYY-MM-DD')`;
      case 'time': return `to_char(${x}, 'HH24:MI:SS.US')`;
      case 'timestamp': return `to_char(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'timestamptz':
        return phys.includes('with time zone') || phys === 'timestamptz'
          ? `to_char((${x}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`
          : `to_char(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'binary': return `encode(${x}, 'hex')`;
      case 'uuid': return `lower((${x})::text)`;
      case 'json': return `((${x})::jsonb)::text`;
    }
  },
  toText: (e) => `(${e})::text`,
  concat,
  replace: (e, from, to) => `replace(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `md5(${e})`,
  hexToInt: (h, start, length) => `(('x' || substr(${h}, ${start}, ${length}))::bit(${length * 4})::bigint)`,
  sumText: (e) => `(sum(${e}))::text`,
  bucketOf: (e, lo, w, wide) => wide
    ? `floor(((${e})::numeric - ${lo}) / ${w})::text`
    : `(((${e})::bigint - (${lo})::bigint) / (${w})::bigint)`,
  dayNumber: (e) => `((${e}) - DATE '1970-01-01')`,
  intLiteral: (v) => `(${v})::bigint`,
};

// Amazon Redshift. Live use needs its credentials; the SQL is checked at string level. Redshift
// treats backslash as an escape in literals, sums BIGINT into BIGINT (so sums widen to DECIMAL first)
// and has STRTOL for hex. VARBYTE is hex-encoded with TO_HEX, SUPER serialised with JSON_SERIALIZE.
import { CopilotError } from '../errors.js';
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, finiteFloatText, intervalText, literalWith, normType, quoteWith, SQL_RESERVED, uuidFromHex } from './common.js';
import type { Dialect, TableName } from './dialect.js';
import { pgLogicalType } from './postgres.js';

const lit = (s: string) => literalWith(s, true);
const concat = (parts: readonly string[]) => `(${parts.join(' || ')})`;

function redshiftLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const t = normType(dataType);
  if (t === 'varbyte' || t === 'binary varying') return 'binary';
  if (t === 'super') return 'json';
  if (/\[\d*\]$/.test(t)) return undefined;
  return pgLogicalType(t, scale);
}

export const redshift: Dialect = {
  engine: 'redshift',
  reservedWords: new Set([...SQL_RESERVED, 'aes128', 'aes256', 'allowoverwrite', 'backup', 'blanksasnull', 'credentials', 'delta', 'encode', 'encrypt', 'offline', 'oid', 'tag', 'timestamp', 'wallet']),
  quoteIdent: (n) => quoteWith('"', n),
  quoteTable: (t: TableName) => (t.schema ? `${quoteWith('"', t.schema)}.` : '') + quoteWith('"', t.name),
  stringLiteral: lit,
  columnsQuery: (t) =>
    `SELECT column_name::varchar AS column_name, data_type::varchar AS data_type, numeric_scale::varchar AS numeric_scale ` +
    `FROM svv_columns WHERE table_schema = ${lit(t.schema ?? 'public')} AND table_name = ${lit(t.name)} ORDER BY ordinal_position`,
  // Redshift declares keys but does not enforce them.
  uniqueKeysQuery: () => undefined,
  logicalTypeOf: redshiftLogicalType,
  canonical(x: string, col: HashColumn): string {
    const phys = normType(col.physical);
    switch (col.logical) {
      case 'integer': return `CAST(${x} AS VARCHAR)`;
      case 'decimal':
        if (col.scale === undefined) {
          const t = `CAST(${x} AS VARCHAR)`;
          return `CASE WHEN ${x} = 0 THEN '0' WHEN STRPOS(${t}, '.') > 0 THEN RTRIM(RTRIM(${t}, '0'), '.') ELSE ${t} END`;
        }
        return `CAST(CAST(${x} AS DECIMAL(38, ${col.scale})) AS VARCHAR)`;
      case 'float': {
        const f = `CAST(${x} AS FLOAT8)`;
        const finite = finiteFloatText(f, {
          abs: (e) => `ABS(${e})`, log2: (e) => `(LN(${e}) / LN(2::FLOAT8))`, pow2: (e) => `POWER(2::FLOAT8, ${e})`,
          floor: (e) => `FLOOR(${e})`, intText: (e) => `CAST(CAST(${e} AS BIGINT) AS VARCHAR)`, concat, lit,
        });
        return `CASE WHEN ${f} <> ${f} THEN 'NaN' WHEN ${f} = 'Infinity'::FLOAT8 THEN 'Infinity' ` +
          `WHEN ${f} = '-Infinity'::FLOAT8 THEN '-Infinity' WHEN ${f} = 0 THEN '0' ELSE ${finite} END`;
      }
      case 'string':
      case 'enum': return applyTextRules(`CAST(${x} AS VARCHAR)`, col.text);
      case 'boolean': return `CASE WHEN ${x} THEN '1' ELSE '0' END`;
      case 'date': return `TO_CHAR(${x}, 'YYYY-MM-DD')`;
      case 'time': return `TO_CHAR(TIMESTAMP '1970-01-01' + ${x}, 'HH24:MI:SS.US')`;
      case 'timestamp': return `TO_CHAR(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'timestamptz':
        return phys.includes('with time zone') || phys === 'timestamptz'
          ? `TO_CHAR(CONVERT_TIMEZONE('UTC', ${x}), 'YYYY-MM-DD HH24:MI:SS.US')`
          : `TO_CHAR(${x}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      case 'binary': return `LOWER(TO_HEX(${x}))`;
      case 'uuid': return redshiftLogicalType(col.physical, null) === 'binary' ? uuidFromHex(`LOWER(TO_HEX(${x}))`, (e, at, n) => `SUBSTRING(${e}, ${at}, ${n})`, concat) : `LOWER(CAST(${x} AS VARCHAR))`;
      case 'json': return phys === 'super' ? `JSON_SERIALIZE(${x})` : `CAST(${x} AS VARCHAR)`;
      case 'interval':
        return intervalText(`(EXTRACT(YEAR FROM ${x}) * 12 + EXTRACT(MONTH FROM ${x}))`, `EXTRACT(DAY FROM ${x})`,
          `(EXTRACT(HOUR FROM ${x}) * 3600000000 + EXTRACT(MINUTE FROM ${x}) * 60000000 + EXTRACT(MICROSECONDS FROM ${x}))`,
          { concat, lit, intText: (e) => `CAST(CAST(${e} AS BIGINT) AS VARCHAR)` });
      case 'array': throw new CopilotError('INPUT_INVALID', `Redshift has no array type (column ${col.name}); SUPER holds arrays`, { hint: 'compare it as json on this side' });
    }
  },
  binaryText: (e) => `CAST(${e} AS VARCHAR)`,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
  concat,
  replace: (e, from, to) => `REPLACE(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `MD5(${e})`,
  prefix: (e, n) => `SUBSTRING(${e}, 1, ${n})`,
  suffix: (e, n) => `RIGHT(${e}, ${n})`,
  hexToInt: (h, start, length) => `STRTOL(SUBSTRING(${h}, ${start}, ${length}), 16)`,
  // SUM(BIGINT) is BIGINT in Redshift: widen first so 60-bit terms cannot overflow.
  sumText: (e) => `CAST(SUM(CAST(${e} AS DECIMAL(38, 0))) AS VARCHAR)`,
  bucketOf: (e, lo, w, wide) => wide
    ? `FLOOR((CAST(${e} AS DECIMAL(38,0)) - ${lo}) / ${w})`
    : `((CAST(${e} AS BIGINT) - CAST(${lo} AS BIGINT)) / CAST(${w} AS BIGINT))`,
  dayNumber: (e) => `DATEDIFF(day, DATE '1970-01-01', ${e})`,
  intLiteral: (v) => `CAST(${v} AS BIGINT)`,
};

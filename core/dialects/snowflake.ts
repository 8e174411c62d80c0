// Snowflake. Live use needs its credentials; the SQL is checked at string level. Backslash escapes in
// literals; NUMBER sums are exact to 38 digits; VARIANT JSON is serialised with TO_JSON.
import { CopilotError } from '../errors.js';
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, arrayElementText, finiteFloatText, literalWith, normType, quoteWith, SQL_RESERVED, uuidFromHex } from './common.js';
import type { Dialect, TableName } from './dialect.js';

const lit = (s: string) => literalWith(s, true);
const concat = (parts: readonly string[]) => `(${parts.join(' || ')})`;

function snowflakeLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const t = normType(dataType);
  if (/^(number|numeric|decimal)/.test(t)) return scale === 0 || scale === null ? 'integer' : 'decimal';
  if (/^(int|integer|bigint|smallint|tinyint|byteint)$/.test(t)) return 'integer';
  if (/^(float|float4|float8|double|double precision|real)$/.test(t)) return 'float';
  if (/^(varchar|char|character|string|text)/.test(t)) return 'string';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'time') return 'time';
  if (t === 'timestamp_ntz' || t === 'datetime' || t === 'timestamp') return 'timestamp';
  if (t === 'timestamp_tz' || t === 'timestamp_ltz') return 'timestamptz';
  if (/^(binary|varbinary)/.test(t)) return 'binary';
  if (t === 'variant' || t === 'object' || t === 'array') return 'json';
  return undefined;
}

export const snowflake: Dialect = {
  engine: 'snowflake',
  reservedWords: new Set([...SQL_RESERVED, 'account', 'connection', 'database', 'gscluster', 'ilike', 'increment', 'issue', 'lateral', 'minus', 'organization', 'qualify', 'regexp', 'rlike', 'row', 'rows', 'sample', 'schema', 'some', 'start', 'tablesample', 'trigger', 'try_cast', 'view', 'whenever']),
  quoteIdent: (n) => quoteWith('"', n),
  quoteTable: (t: TableName) => (t.schema ? `${quoteWith('"', t.schema)}.` : '') + quoteWith('"', t.name),
  stringLiteral: lit,
  columnsQuery: (t) =>
    `SELECT column_name AS "column_name", LOWER(data_type) AS "data_type", TO_VARCHAR(numeric_scale) AS "numeric_scale" ` +
    `FROM information_schema.columns WHERE table_schema = ${lit(t.schema ?? 'PUBLIC')} AND table_name = ${lit(t.name)} ORDER BY ordinal_position`,
  // Snowflake declares keys but does not enforce them.
  uniqueKeysQuery: () => undefined,
  logicalTypeOf: snowflakeLogicalType,
  canonical(x: string, col: HashColumn): string {
    const phys = normType(col.physical);
    switch (col.logical) {
      case 'integer': return `TO_VARCHAR(${x})`;
      case 'decimal':
        if (col.scale === undefined) {
          const t = `TO_VARCHAR(${x})`;
          return `CASE WHEN ${x} = 0 THEN '0' WHEN CONTAINS(${t}, '.') THEN RTRIM(RTRIM(${t}, '0'), '.') ELSE ${t} END`;
        }
        return `TO_VARCHAR(CAST(${x} AS NUMBER(38, ${col.scale})))`;
      case 'float': {
        const f = `CAST(${x} AS DOUBLE)`;
        const finite = finiteFloatText(f, {
          abs: (e) => `ABS(${e})`, log2: (e) => `LOG(2, ${e})`, pow2: (e) => `POWER(2, ${e})`,
          floor: (e) => `FLOOR(${e})`, intText: (e) => `TO_VARCHAR(CAST(${e} AS NUMBER(38, 0)))`, concat, lit,
        });
        return `CASE WHEN ${f} = 'NaN'::DOUBLE THEN 'NaN' WHEN ${f} = 'inf'::DOUBLE THEN 'Infinity' ` +
          `WHEN ${f} = '-inf'::DOUBLE THEN '-Infinity' WHEN ${f} = 0 THEN '0' ELSE ${finite} END`;
      }
      // COLLATE '': a column's case-insensitive collation must not decide what equal means.
      case 'string':
      case 'enum': return applyTextRules(`COLLATE(TO_VARCHAR(${x}), '')`, col.text);
      case 'boolean': return `IFF(${x}, '1', '0')`;
      case 'date': return `TO_VARCHAR(${x}, 'YYYY-MM-DD')`;
      case 'time': return `TO_VARCHAR(${x}, 'HH24:MI:SS.FF6')`;
      case 'timestamp': return `TO_VARCHAR(${x}, 'YYYY-MM-DD HH24:MI:SS.FF6')`;
      case 'timestamptz':
        return phys === 'timestamp_ntz' || phys === 'timestamp'
          ? `TO_VARCHAR(${x}, 'YYYY-MM-DD HH24:MI:SS.FF6')`
          : `TO_VARCHAR(CONVERT_TIMEZONE('UTC', ${x})::TIMESTAMP_NTZ, 'YYYY-MM-DD HH24:MI:SS.FF6')`;
      case 'binary': return `HEX_ENCODE(${x}, 0)`;
      case 'uuid': return snowflakeLogicalType(col.physical, null) === 'binary' ? uuidFromHex(`HEX_ENCODE(${x}, 0)`, (e, at, n) => `SUBSTR(${e}, ${at}, ${n})`, concat) : `LOWER(TO_VARCHAR(${x}))`;
      case 'json': return ['variant', 'object', 'array'].includes(phys) ? `TO_JSON(${x})` : `TO_VARCHAR(${x})`;
      case 'array': {
        const el = col.element;
        if (!el) throw new CopilotError('INPUT_INVALID', `array column ${col.name} has no element type`, { hint: 'give its element type in the mapping' });
        const item = arrayElementText('mc_e', snowflake.canonical(`mc_e::${el.physical}`, { name: 'mc_e', ...el }), { concat, lit, replace: (v, f, t) => `REPLACE(${v}, ${lit(f)}, ${lit(t)})` });
        return `('{' || ARRAY_TO_STRING(TRANSFORM(${x}, mc_e -> ${item}), ',') || '}')`;
      }
      case 'interval': throw new CopilotError('INPUT_INVALID', `Snowflake has no interval column type (column ${col.name})`, { hint: 'compare it as string on this side' });
    }
  },
  binaryText: (e) => `COLLATE(TO_VARCHAR(${e}), '')`,
  toText: (e) => `TO_VARCHAR(${e})`,
  concat,
  replace: (e, from, to) => `REPLACE(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `MD5(${e})`,
  prefix: (e, n) => `SUBSTR(${e}, 1, ${n})`,
  suffix: (e, n) => `RIGHT(${e}, ${n})`,
  hexToInt: (h, start, length) => `TO_NUMBER(SUBSTR(${h}, ${start}, ${length}), '${'X'.repeat(length)}')`,
  sumText: (e) => `TO_VARCHAR(SUM(${e}))`,
  bucketOf: (e, lo, w) => `FLOOR((${e} - ${lo}) / ${w})`,
  dayNumber: (e) => `DATEDIFF(day, DATE '1970-01-01', ${e})`,
  intLiteral: (v) => `${v}`,
};

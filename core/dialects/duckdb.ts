// DuckDB (1.x), also the engine behind Parquet directories. Literals have no backslash escapes.
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, arrayElementText, bitsFloatText, intervalText, jsonLeafEscape, literalWith, normType, quoteWith, SQL_RESERVED, uuidFromHex } from './common.js';
import type { Dialect, TableName } from './dialect.js';

const lit = (s: string) => literalWith(s, false);
const concat = (parts: readonly string[]) => `(${parts.join(' || ')})`;

export function duckdbLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const t = normType(dataType);
  if (/\[\d*\]$/.test(t)) return 'array';
  if (t.startsWith('enum')) return 'enum';
  if (t === 'interval') return 'interval';
  if (/^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint|int[1248])$/.test(t)) return 'integer';
  const dec = /^(decimal|numeric)(\((\d+),\s*(\d+)\))?$/.exec(t);
  if (dec) return (dec[4] !== undefined ? Number(dec[4]) : scale) === 0 ? 'integer' : 'decimal';
  if (['double', 'float', 'real', 'float8', 'float4'].includes(t)) return 'float';
  if (t === 'varchar' || t === 'text' || t === 'string' || t.startsWith('varchar(')) return 'string';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'time') return 'time';
  if (t === 'timestamp' || t === 'timestamp_us' || t === 'datetime') return 'timestamp';
  if (t === 'timestamp with time zone' || t === 'timestamptz') return 'timestamptz';
  if (t === 'blob' || t === 'bytea') return 'binary';
  if (t === 'uuid') return 'uuid';
  if (t === 'json') return 'json';
  return undefined;
}

export const duckdb: Dialect = {
  engine: 'duckdb',
  reservedWords: new Set([...SQL_RESERVED, 'pivot', 'unpivot', 'qualify', 'summarize', 'describe', 'show']),
  quoteIdent: (n) => quoteWith('"', n),
  quoteTable: (t: TableName) => (t.schema ? `${quoteWith('"', t.schema)}.` : '') + quoteWith('"', t.name),
  stringLiteral: lit,
  columnsQuery: (t) =>
    `SELECT column_name, lower(data_type) AS data_type, CAST(numeric_scale AS VARCHAR) AS numeric_scale ` +
    `FROM information_schema.columns WHERE table_schema = ${lit(t.schema ?? 'main')} AND table_name = ${lit(t.name)} ORDER BY ordinal_position`,
  uniqueKeysQuery: (t) =>
    `SELECT array_to_string(constraint_column_names, ',') AS columns FROM duckdb_constraints() ` +
    `WHERE schema_name = ${lit(t.schema ?? 'main')} AND table_name = ${lit(t.name)} AND constraint_type = 'PRIMARY KEY'`,
  logicalTypeOf: duckdbLogicalType,
  canonical(x: string, col: HashColumn): string {
    const phys = normType(col.physical);
    switch (col.logical) {
      case 'integer': return `CAST(${x} AS VARCHAR)`;
      case 'decimal':
        if (col.scale === undefined) {
          const t = `CAST(${x} AS VARCHAR)`;
          return `CASE WHEN ${x} = 0 THEN '0' WHEN contains(${t}, '.') THEN rtrim(rtrim(${t}, '0'), '.') ELSE ${t} END`;
        }
        return col.physicalScale === col.scale && /^(numeric|decimal)/.test(phys) ? `CAST(${x} AS VARCHAR)` : `CAST(CAST(${x} AS DECIMAL(38, ${col.scale})) AS VARCHAR)`;
      case 'float': {
        const f = `CAST(${x} AS DOUBLE)`;
        const bits = `CAST(CAST(${f} AS BIT) AS BIGINT)`;
        const finite = bitsFloatText(f, bits, {
          abs: (e) => `abs(${e})`, log2: (e) => `log2(${e})`, pow2: (e) => `power(2.0, ${e})`,
          floor: (e) => `floor(${e})`, intText: (e) => `CAST(CAST(${e} AS BIGINT) AS VARCHAR)`, intToText: (e) => `CAST(${e} AS VARCHAR)`, concat, lit,
        });
        return `CASE WHEN isnan(${f}) THEN 'NaN' WHEN isinf(${f}) AND ${f} > 0 THEN 'Infinity' ` +
          `WHEN isinf(${f}) THEN '-Infinity' WHEN ${f} = 0 THEN '0' ELSE ${finite} END`;
      }
      // COLLATE binary: a column's NOCASE (or other) collation must not decide what equal means.
      case 'string':
      case 'enum': return applyTextRules(`(CAST(${x} AS VARCHAR) COLLATE "binary")`, col.text);
      case 'boolean': return `CASE WHEN ${x} THEN '1' ELSE '0' END`;
      case 'date': return `strftime(CAST(${x} AS DATE), '%Y-%m-%d')`;
      case 'time': return `strftime(DATE '1970-01-01' + CAST(${x} AS TIME), '%H:%M:%S.%f')`;
      case 'timestamp': return `strftime(CAST(${x} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')`;
      case 'timestamptz':
        return phys === 'timestamp with time zone' || phys === 'timestamptz'
          ? `strftime(timezone('UTC', ${x}), '%Y-%m-%d %H:%M:%S.%f')`
          : `strftime(CAST(${x} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')`;
      case 'binary': return `lower(hex(${x}))`;
      case 'uuid': return duckdbLogicalType(col.physical, null) === 'binary' ? uuidFromHex(`lower(hex(${x}))`, (e, at, n) => `substr(${e}, ${at}, ${n})`, concat) : `lower(CAST(${x} AS VARCHAR))`;
      case 'json': {
        // The leaf form of the spec from json_tree: each node's path rebuilt from its parents (json_tree's
        // own paths quote keys its own way), every scalar and empty container, sorted by path bytes.
        const rep = { replace: (v: string, f: string, t: string) => `replace(${v}, ${lit(f)}, ${lit(t)})` };
        const num = duckdb.canonical('CAST(mc_t.atom AS DOUBLE)', { name: 'n', logical: 'float', physical: 'double' });
        const leaf = `CASE mc_t.type WHEN 'VARCHAR' THEN 's:' || ${jsonLeafEscape(`json_extract_string(mc_t.value, '$')`, rep)} WHEN 'NULL' THEN 'z' ` +
          `WHEN 'BOOLEAN' THEN CASE WHEN mc_t.atom = 'true' THEN 'b:1' ELSE 'b:0' END WHEN 'OBJECT' THEN 'o' WHEN 'ARRAY' THEN 'a' ELSE 'n:' || ${num} END`;
        return `(WITH RECURSIVE mc_t AS (SELECT * FROM json_tree(CAST(${x} AS JSON))), mc_w(id, p) AS (SELECT id, '' FROM mc_t WHERE parent IS NULL UNION ALL ` +
          `SELECT c.id, mc_w.p || CASE WHEN pt.type = 'OBJECT' THEN '.' || ${jsonLeafEscape('c.key', rep)} ELSE '[' || c.key || ']' END ` +
          `FROM mc_t c JOIN mc_w ON c.parent = mc_w.id JOIN mc_t pt ON pt.id = c.parent) ` +
          `SELECT string_agg(mc_w.p || '=' || ${leaf}, ',' ORDER BY mc_w.p COLLATE "binary") FROM mc_w JOIN mc_t ON mc_t.id = mc_w.id ` +
          `WHERE mc_t.type NOT IN ('OBJECT', 'ARRAY') OR mc_t.value IN ('{}', '[]'))`;
      }
      case 'interval':
        return intervalText(`(datepart('year', ${x}) * 12 + datepart('month', ${x}))`, `datepart('day', ${x})`,
          `(datepart('hour', ${x}) * CAST(3600000000 AS BIGINT) + datepart('minute', ${x}) * CAST(60000000 AS BIGINT) + datepart('microseconds', ${x}))`,
          { concat, lit, intText: (e) => `CAST(${e} AS VARCHAR)` });
      case 'array': {
        const el = col.element;
        if (!el) throw new Error(`array column ${col.name} has no element type`);
        const item = arrayElementText('mc_e', duckdb.canonical('mc_e', { name: 'mc_e', ...el }), { concat, lit, replace: (v, f, t) => `replace(${v}, ${lit(f)}, ${lit(t)})` });
        return `('{' || array_to_string(list_transform(${x}, lambda mc_e: ${item}), ',') || '}')`;
      }
    }
  },
  binaryText: (e) => `(CAST(${e} AS VARCHAR) COLLATE "binary")`,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
  concat,
  replace: (e, from, to) => `replace(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `md5(${e})`,
  prefix: (e, n) => `substr(${e}, 1, ${n})`,
  suffix: (e, n) => `right(${e}, ${n})`,
  hexToInt: (h, start, length) => `CAST(('0x' || substr(${h}, ${start}, ${length})) AS BIGINT)`,
  sumText: (e) => `CAST(sum(${e}) AS VARCHAR)`,
  bucketOf: (e, lo, w, wide) => wide
    ? `CAST((CAST(${e} AS HUGEINT) - CAST(${lo} AS HUGEINT)) // CAST(${w} AS HUGEINT) AS VARCHAR)`
    : `((CAST(${e} AS BIGINT) - CAST(${lo} AS BIGINT)) // CAST(${w} AS BIGINT))`,
  dayNumber: (e) => `date_diff('day', DATE '1970-01-01', CAST(${e} AS DATE))`,
  intLiteral: (v) => `CAST(${v} AS BIGINT)`,
};

// MySQL 8 and MariaDB 10.6+. Backslash is an escape in literals. MySQL has no NaN or infinities, no
// time-zone-aware column: DATETIME holds UTC by the mapping's contract and TIMESTAMP is read in a
// session at +00:00 (the connection sets it). Text is hashed as utf8mb4 bytes.
import { CopilotError } from '../errors.js';
import type { HashColumn, LogicalType } from '../hashing/types.js';
import { applyTextRules, finiteFloatText, literalWith, normType, quoteWith, SQL_RESERVED, uuidFromHex } from './common.js';
import type { Dialect, TableName } from './dialect.js';

const lit = (s: string) => literalWith(s, true);
const concat = (parts: readonly string[]) => `CONCAT(${parts.join(', ')})`;
// utf8mb4_bin: a case-insensitive column or connection collation must not decide what equal means.
const text = (e: string) => `(CONVERT(${e} USING utf8mb4) COLLATE utf8mb4_bin)`;

export function mysqlLogicalType(dataType: string, scale: number | null): LogicalType | undefined {
  const t = normType(dataType);
  if (/^(tinyint\(1\)|bool|boolean)$/.test(t)) return 'boolean';
  if (t.startsWith('enum(') || t.startsWith('set(')) return t.startsWith('enum(') ? 'enum' : undefined;
  if (/^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?( unsigned)?$/.test(t)) return 'integer';
  const dec = /^(decimal|numeric)(\((\d+),(\d+)\))?( unsigned)?$/.exec(t.replace(/\s/g, ''));
  if (dec) return (dec[4] !== undefined ? Number(dec[4]) : scale) === 0 ? 'integer' : 'decimal';
  if (/^(double|float|real)/.test(t)) return 'float';
  if (/^(varchar|char|text|tinytext|mediumtext|longtext)/.test(t)) return 'string';
  if (t === 'date') return 'date';
  if (/^time(\(\d\))?$/.test(t)) return 'time';
  if (/^(datetime|timestamp)(\(\d\))?$/.test(t)) return 'timestamp';
  if (/^(binary|varbinary|blob|tinyblob|mediumblob|longblob)/.test(t)) return 'binary';
  if (t === 'uuid') return 'uuid';
  // JSON columns are compared as their stored text: this engine cannot build the spec's leaf form.
  if (t === 'json') return 'string';
  return undefined;
}

export const mysql: Dialect = {
  engine: 'mysql',
  reservedWords: new Set([...SQL_RESERVED, 'accessible', 'change', 'database', 'databases', 'div', 'dual', 'index', 'interval', 'keys', 'mod', 'rank', 'read', 'regexp', 'rlike', 'schema', 'show', 'sql', 'status', 'xor']),
  quoteIdent: (n) => quoteWith('`', n),
  quoteTable: (t: TableName) => (t.schema ? `${quoteWith('`', t.schema)}.` : '') + quoteWith('`', t.name),
  stringLiteral: lit,
  columnsQuery: (t) =>
    `SELECT column_name AS column_name, LOWER(column_type) AS data_type, CAST(numeric_scale AS CHAR) AS numeric_scale ` +
    `FROM information_schema.columns WHERE table_schema = ${t.schema ? lit(t.schema) : 'DATABASE()'} AND table_name = ${lit(t.name)} ORDER BY ordinal_position`,
  uniqueKeysQuery: (t) =>
    `SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ',') AS columns FROM information_schema.statistics ` +
    `WHERE table_schema = ${t.schema ? lit(t.schema) : 'DATABASE()'} AND table_name = ${lit(t.name)} AND index_name = 'PRIMARY'`,
  logicalTypeOf: mysqlLogicalType,
  canonical(x: string, col: HashColumn): string {
    switch (col.logical) {
      case 'integer': return `CAST(${x} AS CHAR)`;
      case 'decimal':
        if (col.scale === undefined) {
          const t = `CAST(${x} AS CHAR)`;
          return `CASE WHEN ${x} = 0 THEN '0' WHEN LOCATE('.', ${t}) > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM ${t})) ELSE ${t} END`;
        }
        return col.physicalScale === col.scale && /^(numeric|decimal)/.test(normType(col.physical)) ? `CAST(${x} AS CHAR)` : `CAST(CAST(${x} AS DECIMAL(65, ${col.scale ?? 0})) AS CHAR)`;
      case 'float': {
        const f = `CAST(${x} AS DOUBLE)`;
        const finite = finiteFloatText(f, {
          abs: (e) => `ABS(${e})`, log2: (e) => `LOG2(${e})`, pow2: (e) => `POW(2, ${e})`,
          floor: (e) => `FLOOR(${e})`, intText: (e) => `CAST(CAST(${e} AS SIGNED) AS CHAR)`, concat, lit,
        });
        return `CASE WHEN ${f} = 0 THEN '0' ELSE ${finite} END`;
      }
      case 'string':
      case 'enum': return applyTextRules(text(x), col.text);
      case 'boolean': return `CASE WHEN ${x} <> 0 THEN '1' ELSE '0' END`;
      case 'date': return `DATE_FORMAT(${x}, '%Y-%m-%d')`;
      case 'time': return `TIME_FORMAT(${x}, '%H:%i:%s.%f')`;
      case 'timestamp':
      case 'timestamptz': return `DATE_FORMAT(${x}, '%Y-%m-%d %H:%i:%s.%f')`;
      case 'binary': return `LOWER(HEX(${x}))`;
      case 'uuid': return mysqlLogicalType(col.physical, null) === 'binary' ? uuidFromHex(`LOWER(HEX(${x}))`, (e, at, n) => `SUBSTRING(${e}, ${at}, ${n})`, concat) : `LOWER(${text(x)})`;
      case 'json': throw new CopilotError('INPUT_INVALID', `MySQL and MariaDB cannot build the spec's JSON leaf form (column ${col.name})`, { hint: 'compare it as a string on both sides (a mapping text rule), or leave it out with --columns' });
      case 'array':
      case 'interval': throw new CopilotError('INPUT_INVALID', `MySQL and MariaDB have no ${col.logical} type (column ${col.name})`, { hint: 'compare it as json or string on this side (--columns to leave it out)' });
    }
  },
  binaryText: (e) => `CAST(${e} AS BINARY)`,
  toText: (e) => `CAST(${e} AS CHAR)`,
  concat,
  replace: (e, from, to) => `REPLACE(${e}, ${lit(from)}, ${lit(to)})`,
  md5Hex: (e) => `MD5(${e})`,
  prefix: (e, n) => `SUBSTRING(${e}, 1, ${n})`,
  suffix: (e, n) => `RIGHT(${e}, ${n})`,
  hexToInt: (h, start, length) => `CAST(CONV(SUBSTRING(${h}, ${start}, ${length}), 16, 10) AS UNSIGNED)`,
  sumText: (e) => `CAST(SUM(${e}) AS CHAR)`,
  bucketOf: (e, lo, w, wide) => wide
    ? `CAST(FLOOR((CAST(${e} AS DECIMAL(65,0)) - ${lo}) / ${w}) AS CHAR)`
    : `((CAST(${e} AS SIGNED) - ${lo}) DIV ${w})`,
  dayNumber: (e) => `DATEDIFF(${e}, '1970-01-01')`,
  intLiteral: (v) => `${v}`,
};

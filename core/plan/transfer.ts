// How one column crosses engines without a lossy step (pure SQL building). A value leaves the source as
// the exact text the target's input accepts: decimals as their exact digits, timestamps with zone in UTC
// with microseconds, floats as the shortest text that reads back to the same double (PostgreSQL 12+,
// DuckDB), bytes as hex, arrays as JSON (to DuckDB and MySQL) or PostgreSQL's own array text (PostgreSQL
// or DuckDB to PostgreSQL), enums as their label, booleans as the target reads them. The target then casts that text
// to the mapped type: CAST(x AS type) in DuckDB, the column types of COPY in PostgreSQL, parameter
// casts in MySQL. The mapping's `cast` template (the rulebook's transform) runs in the source.
import type { Dialect, Engine, TableName } from '../dialects/dialect.js';
import { duckdb } from '../dialects/duckdb.js';

export interface TransferColumn {
  /** Source column and its physical type as the catalog reports it (lower case). */
  readonly source: string;
  readonly sourceType: string;
  /** Target column and its mapped type. */
  readonly target: string;
  readonly targetType: string;
  /** The mapping's cast template, with {col} for the source column. */
  readonly cast?: string;
}

type Kind = 'binary' | 'array' | 'timestamptz' | 'timestamp' | 'date' | 'boolean' | 'json' | 'other';

function kindOf(type: string): Kind {
  const t = type.toLowerCase().trim();
  if (t === 'bytea' || t === 'blob' || /^(long|medium|tiny)?blob$|^(var)?binary/.test(t)) return 'binary';
  if (t === 'array' || t.endsWith('[]') || /^(list|array)\b/.test(t)) return 'array';
  if (t === 'timestamptz' || t === 'timestamp with time zone' || /^timestamp\(\d\) with time zone$/.test(t)) return 'timestamptz';
  if (t === 'timestamp' || t === 'timestamp without time zone' || /^timestamp\(\d\)( without time zone)?$/.test(t)) return 'timestamp';
  if (t === 'date') return 'date';
  if (t === 'boolean' || t === 'bool' || t === 'tinyint(1)') return 'boolean';
  if (t === 'json' || t === 'jsonb') return 'json';
  return 'other';
}

/** The source SELECT expression of one column: exact text the target side reads. */
export function extractExpr(source: Dialect, target: Engine, col: TransferColumn): string {
  const c = source.quoteIdent(col.source);
  const base = col.cast ? col.cast.split('{col}').join(c) : c;
  const kind = col.cast ? kindOf(col.targetType) : kindOf(col.sourceType);
  switch (source.engine) {
    case 'postgres':
      if (kind === 'binary') return target === 'postgres' ? base : `encode(${base}, 'hex')`;
      if (kind === 'array') return target === 'postgres' ? base : `array_to_json(${base})::text`;
      if (kind === 'timestamptz' && target === 'mysql') return `to_char((${base}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
      if (kind === 'boolean' && target === 'mysql') return `(${base})::int`;
      return base;
    case 'duckdb':
      if (kind === 'binary') return target === 'postgres' ? `'\\x' || hex(${base})` : `hex(${base})`;
      // To PostgreSQL: its array literal (elements quoted and escaped, NULL bare); one dimension.
      if (kind === 'array' && target === 'postgres') {
        return `CASE WHEN ${base} IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(${base}, lambda mc_e: CASE WHEN mc_e IS NULL THEN 'NULL' ` +
          `ELSE '"' || replace(replace(CAST(mc_e AS VARCHAR), '\\', '\\\\'), '"', '\\"') || '"' END), ',') || '}' END`;
      }
      if (kind === 'array') return `CAST(to_json(${base}) AS VARCHAR)`;
      if (kind === 'timestamptz' && target === 'mysql') return `strftime(timezone('UTC', ${base}), '%Y-%m-%d %H:%M:%S.%f')`;
      if (kind === 'boolean' && target === 'mysql') return `CAST(${base} AS INTEGER)`;
      return `CAST(${base} AS VARCHAR)`;
    case 'mysql':
      if (kind === 'binary') return target === 'postgres' ? `CONCAT('\\\\x', HEX(${base}))` : `HEX(${base})`;
      return `CAST(${base} AS CHAR)`;
    default:
      return base;
  }
}

/** The target expression turning the transferred text `x` into the mapped type (DuckDB and MySQL). */
export function loadExpr(target: Engine, col: TransferColumn, x: string): string {
  const kind = kindOf(col.targetType);
  if (target === 'duckdb') {
    if (kind === 'binary') return `unhex(${x})`;
    if (kind === 'array') return `CAST(CAST(${x} AS JSON) AS ${col.targetType})`;
    // PostgreSQL writes a date or timestamp before year 1 as "0044-03-15 BC" (time and zone before the BC);
    // DuckDB reads its own "0044-03-15 (BC)" and would take the former as 44 AD (it ignores what follows a
    // date), so those values are rewritten here (a vectorised suffix test: cheaper than a CASE per row in
    // the source); every other value is cast as it came.
    if (kind === 'date') return `CAST(CASE WHEN suffix(${x}, ' BC') THEN replace(${x}, ' BC', ' (BC)') ELSE ${x} END AS ${col.targetType})`;
    if (kind === 'timestamp' || kind === 'timestamptz') {
      return `CAST(CASE WHEN suffix(${x}, ' BC') THEN regexp_replace(${x}, '^(\\S+) (.*) BC$', '\\1 (BC) \\2') ELSE ${x} END AS ${col.targetType})`;
    }
    return `CAST(${x} AS ${col.targetType})`;
  }
  if (target === 'mysql' && kind === 'binary') return `UNHEX(${x})`;
  return x;
}

/**
 * Target types DuckDB's CSV reader parses into exactly as CAST(text AS type) does (the same values, the same
 * refusals: test/runner/connectors/duckdb-csv-types.test.ts holds that on awkward values), so a column of
 * one of them is read typed, skipping a text column and its cast per value. Any other type is read as text
 * and cast by loadExpr (dates and timestamps too: a value before year 1 needs loadExpr's rewrite).
 */
const CSV_TYPED = /^(tinyint|smallint|integer|int|bigint|hugeint|int[248]|boolean|bool|double|float8|varchar|text|(decimal|numeric)\(\d+,\s*\d+\))$/;

/** The type DuckDB's read_csv reads a transferred column as: its target type, or VARCHAR to cast. */
export function duckdbCsvType(col: TransferColumn): string {
  const t = col.targetType.toLowerCase().trim();
  return CSV_TYPED.test(t) ? t : 'VARCHAR';
}

/**
 * INSERT of transferred CSV files (the copy step's chunk parts, a proof's load) into a DuckDB table: one
 * statement over every file, which DuckDB's reader scans in parallel. The files are what the source's
 * extract wrote (core/plan/transfer.ts extractExpr): headerless, comma-separated, quoted with ", NULL
 * unquoted and empty. `typed: false` reads every column as text and casts it (what the load benchmark
 * measures typed reads against).
 */
export function duckdbCsvInsertSql(table: TableName, columns: readonly TransferColumn[], files: readonly string[], o: { readonly typed?: boolean } = {}): string {
  const types = columns.map((c) => (o.typed === false ? 'VARCHAR' : duckdbCsvType(c)));
  const spec = types.map((t, i) => `'c${i}': '${t}'`).join(', ');
  const exprs = columns.map((c, i) => (types[i] === 'VARCHAR' ? loadExpr('duckdb', c, `c${i}`) : `c${i}`)).join(', ');
  const cols = columns.map((c) => duckdb.quoteIdent(c.target)).join(', ');
  const list = `[${files.map((f) => duckdb.stringLiteral(f)).join(', ')}]`;
  return `INSERT INTO ${duckdb.quoteTable(table)} (${cols}) SELECT ${exprs} FROM read_csv(${list}, ` +
    `header = false, auto_detect = false, columns = {${spec}}, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, new_line = '\\n')`;
}

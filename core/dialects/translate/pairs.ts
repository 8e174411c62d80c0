// What the translator knows about each engine and each source>target pair: the parser dialect, the
// functions and casts that mean the same on both sides, where NULLs sort when ORDER BY does not say,
// and the operators whose result differs. Anything not listed here is a reason, never a guess.

export const PARSER_DIALECT: Readonly<Record<string, string>> = {
  postgres: 'PostgresQL', mysql: 'MySQL', mariadb: 'MariaDB', duckdb: 'PostgresQL', redshift: 'Redshift', snowflake: 'Snowflake', hive: 'Hive',
};

// SUM: the same value on both (MySQL's DECIMAL where PostgreSQL returns BIGINT for integer arguments).
// GREATEST/LEAST are absent: MySQL returns NULL when an argument is NULL, PostgreSQL skips NULLs.
const MYSQL_POSTGRES = ['count', 'min', 'max', 'coalesce', 'nullif', 'lower', 'upper', 'abs', 'sum'];

/** Functions with the same meaning on both engines of a pair (lower case). AVG is absent from the pairs
 * into DuckDB: its AVG of a DECIMAL is a DOUBLE, where PostgreSQL and Hive keep a DECIMAL. */
export const SAME_FUNCTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  'postgres>duckdb': new Set(['count', 'sum', 'min', 'max', 'coalesce', 'nullif', 'lower', 'upper', 'length', 'abs', 'greatest', 'least', 'date_trunc']),
  'mysql>postgres': new Set(MYSQL_POSTGRES),
  'mariadb>postgres': new Set(MYSQL_POSTGRES),
  // Hive's greatest/least return NULL when an argument is NULL (DuckDB's skip NULLs), so they are absent.
  'hive>duckdb': new Set(['count', 'sum', 'min', 'max', 'coalesce', 'nullif', 'lower', 'upper', 'length', 'abs', 'concat_ws']),
};

const AVG_DUCKDB = 'avg(): DuckDB\'s AVG of a DECIMAL is a DOUBLE where the source keeps a DECIMAL (its digits differ); the argument types are not known here';
const GREATEST_MYSQL = (engine: string, fn: string) => `${fn}(): ${engine} returns NULL when an argument is NULL, PostgreSQL skips NULL arguments`;

/** Why a function known to differ on a pair is not translated (functions neither here nor in
 * SAME_FUNCTIONS get the general reason). */
export const FUNCTION_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'postgres>duckdb': { avg: AVG_DUCKDB },
  'hive>duckdb': { avg: AVG_DUCKDB,
    greatest: 'greatest(): Hive returns NULL when an argument is NULL, DuckDB skips NULL arguments',
    least: 'least(): Hive returns NULL when an argument is NULL, DuckDB skips NULL arguments',
    date_add: 'date_add(): Hive reads a string first argument leniently and returns DATE (STRING before Hive 2.1), DuckDB\'s date_add takes an INTERVAL; a person writes the date arithmetic',
    date_sub: 'date_sub(): Hive reads a string first argument leniently and returns DATE (STRING before Hive 2.1), DuckDB has no date_sub(date, days); a person writes the date arithmetic' },
  'mysql>postgres': { greatest: GREATEST_MYSQL('MySQL', 'greatest'), least: GREATEST_MYSQL('MySQL', 'least'),
    length: 'length(): MySQL counts bytes, PostgreSQL characters (char_length in MySQL)' },
  'mariadb>postgres': { greatest: GREATEST_MYSQL('MariaDB', 'greatest'), least: GREATEST_MYSQL('MariaDB', 'least'),
    length: 'length(): MariaDB counts bytes, PostgreSQL characters (char_length in MariaDB)' },
};

/** How a source engine is named in a reason. */
export const ENGINE_NAME: Readonly<Record<string, string>> = {
  postgres: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB', duckdb: 'DuckDB', redshift: 'Redshift', snowflake: 'Snowflake', hive: 'Hive',
};

/** Functions of the source written under another name in the target, with the same meaning. */
export const RENAMED_FUNCTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'hive>duckdb': { nvl: 'coalesce' },
};

/** Casts whose target type means the same on both engines of a pair (upper case, no parameters). */
export const SAME_CASTS: Readonly<Record<string, ReadonlySet<string>>> = {
  'postgres>duckdb': new Set(['TEXT', 'VARCHAR', 'INTEGER', 'INT', 'BIGINT', 'SMALLINT', 'DATE', 'BOOLEAN', 'DOUBLE PRECISION']),
  'mysql>postgres': new Set(['DATE']),
  'mariadb>postgres': new Set(['DATE']),
  // Hive's CAST gives NULL where the value does not convert and DuckDB's fails: only a DATE literal in
  // ISO form, which both read the same, passes (castLiteralOnly below).
  'hive>duckdb': new Set(['DATE']),
};
/** Pairs whose casts pass only over a literal of the form both read the same ('YYYY-MM-DD' for DATE). */
export const CAST_LITERAL_ONLY: ReadonlySet<string> = new Set(['hive>duckdb']);

/** Why `/` differs on a pair, the operand types being unknown to the translator. */
export const DIVISION_DIFFERS: Readonly<Record<string, string>> = {
  'postgres>duckdb': 'division /: PostgreSQL divides integers as integers and NUMERIC as NUMERIC, DuckDB\'s / returns DOUBLE; the operand types are not known here',
  'hive>duckdb': 'division /: Hive returns DECIMAL for DECIMAL operands where DuckDB returns DOUBLE; the operand types are not known here',
  'mysql>postgres': 'division /: MySQL returns DECIMAL for integer operands (rounded to div_precision_increment digits), PostgreSQL divides integers as integers; the operand types are not known here',
  'mariadb>postgres': 'division /: MariaDB returns DECIMAL for integer operands (rounded to div_precision_increment digits), PostgreSQL divides integers as integers; the operand types are not known here',
};

/** Where each engine puts NULLs when ORDER BY says ASC or DESC and nothing about NULLs. DuckDB's
 * default_null_order is NULLS LAST both ways; PostgreSQL, Redshift and Snowflake take NULL as the
 * largest value, MySQL, MariaDB and Hive as the smallest. */
const NULLS_FIRST: Readonly<Record<string, { asc: boolean; desc: boolean }>> = {
  postgres: { asc: false, desc: true }, redshift: { asc: false, desc: true }, snowflake: { asc: false, desc: true },
  duckdb: { asc: false, desc: false }, mysql: { asc: true, desc: false }, mariadb: { asc: true, desc: false }, hive: { asc: true, desc: false },
};

/** The NULLS clause the target needs to sort as the source does ('nulls first' or 'nulls last'), or
 * undefined when both engines agree; throws for an engine whose default is not known. */
export function explicitNulls(source: string, target: string, descending: boolean): string | undefined {
  const s = NULLS_FIRST[source];
  const t = NULLS_FIRST[target];
  if (!s || !t) throw new Error(`no NULL ordering is known for ${s ? target : source}`);
  const first = descending ? s.desc : s.asc;
  return first === (descending ? t.desc : t.asc) ? undefined : first ? 'nulls first' : 'nulls last';
}

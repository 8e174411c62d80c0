// The awkward-values table: a PostgreSQL source and exact copies in DuckDB and MariaDB, made by the
// test itself (read as text from PostgreSQL, written with each engine's own parsing).
import { DuckDBInstance } from '@duckdb/node-api';
import type mysql2 from 'mysql2/promise';
import type pg from 'pg';

export const PG_DDL = `CREATE TABLE awk (
  id bigint PRIMARY KEY, dec numeric(20,6), f double precision, f_special double precision,
  ts timestamptz, tsn timestamp, s text, u uuid, j jsonb, bin bytea, b boolean, big bigint, d date, t time)`;

const NFC = 'caf\u00e9';
const NFD = 'cafe\u0301';

// id, dec, f, f_special, ts, tsn, s, u, j, bin(hex), b, big, d, t
export const ROWS: (string | null)[][] = [
  ['1', '1.5', '-0.0', 'NaN', '1969-12-31 23:59:59.999999+00', '1900-01-01 00:00:00.000001', NFC, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{"b": 1, "a": 2}', '00ff', 'true', '9223372036854775807', '1969-07-20', '23:59:59.999999'],
  ['2', '-0.000001', '0', 'Infinity', '2038-01-19 03:14:08.000001+00', '2100-02-28 12:00:00.5', NFD, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '{"a": 2, "b": 1}', '', 'false', '-9223372036854775808', '2040-02-29', '00:00:00'],
  ['3', '100.100000', '0.1', '-Infinity', '2001-02-03 04:05:06.123456+05:30', '1970-01-01 00:00:00', 'trailing  ', '00000000-0000-0000-0000-000000000000', '{"nested": {"z": [1, 2.50, "x"], "a": null}}', '7c5c', 'true', '9223372036854775806', '0001-01-01', '12:34:56.000001'],
  ['4', '0', '1e308', '5e-324', '1950-06-15 12:00:00-08', '2262-04-11 23:47:16.854775', '', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '[]', '5c7c5c4e', 'false', '-1', '9999-12-31', '01:02:03.5'],
  ['5', null, null, null, null, null, null, null, null, null, null, null, null, null],
  ['6', '12345678901234.500000', '-1.5e-300', '2.2250738585072014e-308', '2100-12-31 23:59:59.999999+14', '1999-12-31 23:59:59.999999', 'a|b\\c\\N|', 'abcdef01-2345-6789-abcd-ef0123456789', '{"k\\"|": "v\\\\|\\u00e9"}', '00', 'true', '4611686018427387904', '2000-01-01', '23:00:00'],
  ['7', '-99999999999999.999999', '9007199254740993', '3.141592653589793', '2024-03-10 02:30:00.000001-07', '2024-02-29 00:00:00', '\\N', '12345678-1234-1234-1234-123456789abc', '{"emoji": "\u{1F600}", "nfd": "e\u0301"}', 'ff', 'false', '0', '1582-10-15', '00:00:00.000001'],
  ['8', '0.000001', '-4.9406564584124654e-324', '1.7976931348623157e308', '1970-01-01 00:00:00+00', '1969-12-31 23:59:59.999999', ' \u00a0\t', null, '{"b": [], "a": {}}', null, null, '-9223372036854775807', '1970-01-01', '13:14:15.161718'],
];

export async function createPgSource(client: pg.Client, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path = ${schema}`);
  await client.query(PG_DDL);
  for (const r of ROWS) {
    await client.query(
      'INSERT INTO awk VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, \'hex\'), $11, $12, $13, $14)', r);
  }
}

/** The source as text each engine parses exactly: shortest round-trip floats, UTC timestamps, hex bytes. */
export async function readPgAsText(client: pg.Client, schema: string): Promise<(string | null)[][]> {
  const r = await client.query({
    text: `SELECT id::text, dec::text, f::text, f_special::text,
      to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), to_char(tsn, 'YYYY-MM-DD HH24:MI:SS.US'), s,
      CASE WHEN u IS NULL THEN NULL WHEN id % 2 = 1 THEN upper(u::text) ELSE u::text END, j::text, encode(bin, 'hex'),
      b::text, big::text, to_char(d, 'YYYY-MM-DD'), to_char(t, 'HH24:MI:SS.US') FROM ${schema}.awk ORDER BY id`,
    rowMode: 'array',
  });
  return r.rows as (string | null)[][];
}

export const DUCKDB_DDL = (table: string) => `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, dec DECIMAL(20,6), f DOUBLE, f_special DOUBLE,
  ts TIMESTAMPTZ, tsn TIMESTAMP, s VARCHAR, u VARCHAR, j JSON, bin BLOB, b BOOLEAN, big BIGINT, d DATE, t TIME)`;

export async function writeDuckdb(path: string, table: string, rows: (string | null)[][], edit?: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  await c.run(DUCKDB_DDL(table));
  for (const r of rows) {
    await c.run(`INSERT INTO ${table} VALUES (CAST($1 AS BIGINT), CAST($2 AS DECIMAL(20,6)), CAST($3 AS DOUBLE), CAST($4 AS DOUBLE),
      CAST($5 || '+00' AS TIMESTAMPTZ), CAST($6 AS TIMESTAMP), $7, $8, CAST($9 AS JSON), unhex($10), CAST($11 AS BOOLEAN),
      CAST($12 AS BIGINT), CAST($13 AS DATE), CAST($14 AS TIME))`, r);
  }
  for (const sql of edit ?? []) await c.run(sql);
  c.closeSync();
  db.closeSync();
}

export const MARIADB_DDL = (table: string) => `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, \`dec\` DECIMAL(20,6), f DOUBLE,
  ts DATETIME(6), tsn DATETIME(6), s TEXT, u CHAR(36), j JSON, bin VARBINARY(64), b BOOLEAN, big BIGINT, d DATE, t TIME(6))
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;

/** MariaDB has no NaN or infinities: f_special stays behind (the MariaDB comparisons leave it out). */
export async function writeMariadb(conn: mysql2.Connection, table: string, rows: (string | null)[][], edit?: string[]): Promise<void> {
  await conn.query(MARIADB_DDL(table));
  for (const r of rows) {
    const [id, dec, f, , ts, tsn, s, u, j, bin, b, big, d, t] = r;
    await conn.query(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, UNHEX(?), ?, ?, ?, ?)`,
      [id, dec, f, ts, tsn, s, u, j, bin, b === null ? null : b === 'true' ? 1 : 0, big, d, t]);
  }
  for (const sql of edit ?? []) await conn.query(sql);
}

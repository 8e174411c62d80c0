// Every type the loader moves, and keys under collations that disagree. A PostgreSQL source with arrays
// (NULL elements and empty strings), an enum, intervals, an unconstrained numeric and a text key under
// a nondeterministic ICU (case-insensitive) collation holding both 'K3' and 'k3'; copies in another
// PostgreSQL database (key collation "C"), in DuckDB (key COLLATE NOCASE) and in a Parquet directory
// partitioned by the text key. Each copy reconciles with 0 refusals and 0 differences; one change of
// each kind is then found exactly.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableReport } from '../../../core/recon/report-types.js';
import type { ReadConnection } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { ReconciliationRunner } from '../../../runner/recon/runner.js';
import { pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';

const pgUrl = pgServerUrl();
const schema = uniqueName('recon_types');
const otherDb = uniqueName('recon_types_db');
const dir = mkdtempSync(join(tmpdir(), 'recon-types-'));
const duckPath = join(dir, 'target.duckdb');
const parquetDir = join(dir, 'lake');
let admin: pg.Client;
const open: ReadConnection[] = [];

// code (text key), tags text[], nums numeric(10,2)[], mood (enum), wait interval, amount numeric (no scale)
const ROWS: [string, string | null, string | null, string | null, string | null, string | null][] = [
  ['K3', '{a,b}', '{1.5,NULL}', 'ok', '1 year 2 mons 3 days 04:05:06.000007', '1.50'],
  ['k3', '{"",NULL}', '{}', 'sad', '-1 mons +30 days', '-0.000'],
  ['a|b', '{}', null, null, '00:00:00', '12345678901234567890.123456789'],
  ['x', '{NULL}', '{0.10}', 'happy', '1 day -00:00:01', '7'],
  ['y', '{"NULL","a,b","q\\"uote"}', '{2}', 'ok', '720:00:00', '100'],
  ['z', null, '{3.25,4}', 'sad', null, null],
];

const PG_DDL = (collation: string) => `CREATE TABLE t (code text COLLATE ${collation} NOT NULL, tags text[], nums numeric(10,2)[], mood mood, wait interval, amount numeric)`;

async function fillPg(c: pg.Client, collation: string, edits: string[] = []): Promise<void> {
  await c.query("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  await c.query(PG_DDL(collation));
  for (const r of ROWS) await c.query('INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)', r);
  for (const e of edits) await c.query(e);
}

const EDITS = {
  pg: [`UPDATE t SET tags = '{a,NULL}' WHERE code = 'k3'`, `UPDATE t SET wait = '1 year 2 mons 3 days 04:05:06.000008' WHERE code = 'K3'`,
    `UPDATE t SET amount = 1.5000001 WHERE code = 'K3'`, `DELETE FROM t WHERE code = 'x'`],
  // The key is COLLATE NOCASE there: md5 picks one of K3 and k3.
  duck: [`UPDATE t SET tags = ['a', NULL] WHERE md5(code) = md5('k3')`, `UPDATE t SET wait = INTERVAL '1 year 2 months 3 days 04:05:06.000008' WHERE md5(code) = md5('K3')`,
    `UPDATE t SET amount = 1.5000001 WHERE md5(code) = md5('K3')`, `DELETE FROM t WHERE code = 'x'`],
};

async function fillDuck(path: string, table: string, edits: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await c.run(`CREATE TABLE ${table} (code VARCHAR COLLATE NOCASE NOT NULL, tags VARCHAR[], nums DECIMAL(10,2)[], mood VARCHAR, wait INTERVAL, amount DECIMAL(38,12))`);
  const { rows } = await admin.query(`SELECT code, to_json(tags)::text AS tags, to_json(nums)::text AS nums, mood::text AS mood, ` +
    `(extract(year from wait) * 12 + extract(month from wait))::text AS wm, extract(day from wait)::text AS wd, ` +
    `(extract(epoch from wait - date_trunc('day', wait)) * 1000000)::bigint::text AS wu, amount::text AS amount FROM ${schema}.t`);
  for (const r of rows) {
    await c.run(`INSERT INTO ${table} VALUES ($1, CAST(CAST($2 AS JSON) AS VARCHAR[]), CAST(CAST($3 AS JSON) AS DECIMAL(10,2)[]), $4, CASE WHEN $5 IS NULL THEN NULL ELSE to_months(CAST($5 AS INTEGER)) + to_days(CAST($6 AS INTEGER)) + to_microseconds(CAST($7 AS BIGINT)) END, CAST($8 AS DECIMAL(38,12)))`,
      [r.code, r.tags, r.nums, r.mood, r.wm, r.wd, r.wu, r.amount]);
  }
  if (table === 't') for (const e of edits) await c.run(e);
  if (table === 't_lake') {
    mkdirSync(join(parquetDir, 'public'), { recursive: true });
    // Parquet cannot hold negative intervals: the lake leaves wait out (and so does its comparison).
    await c.run(`COPY (SELECT * EXCLUDE (wait) FROM ${table}) TO '${parquetDir}/public/t' (FORMAT parquet, PARTITION_BY (code))`);
  }
  c.closeSync();
  db.closeSync();
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  await admin.query(`CREATE COLLATION ${schema}.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);
  await fillPg(admin, `${schema}.ci`);
  await admin.query(`CREATE DATABASE ${otherDb}`);
  for (const [db, edits] of [[otherDb, []], [`${otherDb}_changed`, EDITS.pg]] as const) {
    if (db !== otherDb) await admin.query(`CREATE DATABASE ${db}`);
    const c = new pg.Client({ connectionString: withDatabase(pgUrl, db) });
    await c.connect();
    await fillPg(c, '"C"', [...edits]);
    await c.end();
  }
  await fillDuck(duckPath, 't_same', []);
  await fillDuck(duckPath, 't', EDITS.duck);
  await fillDuck(join(dir, 'lake.duckdb'), 't_lake', []);
});

afterAll(async () => {
  for (const c of open) await c.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  for (const db of [otherDb, `${otherDb}_changed`]) await admin?.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

async function reconcile(targetUri: string, target: { schema?: string; name: string }, leafRows = 1000, columns?: string[]): Promise<TableReport> {
  const s = await openConnection(pgUrl, {});
  const t = await openConnection(targetUri, {});
  open.push(s, t);
  // With one-row leaves the rows stream (a cursor on PostgreSQL); otherwise one query reads them.
  return new ReconciliationRunner(s, t, { bisect: { leafRows }, ...(leafRows === 1 ? { leafRowsInOneQuery: 0 } : {}) }).reconcileTable({ source: { schema, name: 't' }, target, key: ['code'], ...(columns ? { columns } : {}) });
}

const ALL = ['tags', 'nums', 'mood', 'wait', 'amount'];

const targets = [
  { name: 'PostgreSQL, key collation "C"', uri: () => withDatabase(pgUrl, otherDb), table: { schema: 'public', name: 't' }, columns: ALL, mood: 'enum' },
  // The enum is VARCHAR there: an enum and a string compare by label, no schema difference.
  { name: 'DuckDB, key COLLATE NOCASE', uri: () => `duckdb:${duckPath}`, table: { name: 't_same' }, columns: ALL, mood: 'string' },
  { name: 'Parquet partitioned by the text key', uri: () => `parquet:${parquetDir}`, table: { schema: 'public', name: 't' }, columns: ALL.filter((c) => c !== 'wait'), mood: 'string' },
];

describe.each(targets)('arrays, enum, intervals, unconstrained numeric; ICU case-insensitive key -> $name', (tg) => {
  it('reconciles with no refusal and no difference, K3 and k3 apart', async () => {
    const r = await reconcile(tg.uri(), tg.table, 1000, tg.columns);
    const types: Record<string, string> = { code: 'string', tags: 'array', nums: 'array', mood: tg.mood, wait: 'interval', amount: 'decimal' };
    expect(r.columns.map((c) => c.logical_type)).toEqual(['code', ...tg.columns].map((c) => types[c]));
    expect(r.differences).toEqual({ missing: 0, extra: 0, mismatched: 0, duplicates: 0, listed_limit: 1000 });
    expect(r.counts).toEqual({ source: ROWS.length, target: ROWS.length });
    expect(r.schema_differences).toEqual([]);
    expect([r.status, r.differs]).toEqual(['pass', false]);
  });
});

describe.each([
  { name: 'PostgreSQL', uri: () => withDatabase(pgUrl, `${otherDb}_changed`), table: { schema: 'public', name: 't' } },
  { name: 'DuckDB', uri: () => `duckdb:${duckPath}`, table: { name: 't' } },
])('one change of each kind -> $name', (tg) => {
  it.each([1000, 1])('is found exactly (leaf rows %s)', async (leafRows) => {
    const r = await reconcile(tg.uri(), tg.table, leafRows);
    expect(r.missing_keys).toEqual([{ code: 'x' }]);
    expect(r.extra_keys).toEqual([]);
    expect(r.mismatched_rows).toEqual([
      { key: { code: 'K3' }, columns: [{ column: 'wait', source: '14m3d14706000007us', target: '14m3d14706000008us' }, { column: 'amount', source: '1.5', target: '1.5000001' }] },
      { key: { code: 'k3' }, columns: [{ column: 'tags', source: '{"",NULL}', target: '{"a",NULL}' }] },
    ]);
  });
});

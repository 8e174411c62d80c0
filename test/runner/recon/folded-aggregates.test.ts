// Per-column aggregates computed in the first segment pass (bucket partials combined by the engine) equal
// those of their own pass, exactly, on PostgreSQL, DuckDB and MariaDB; the runner sends no second scan for
// them unless a distinct count is asked for, and a changed value still shows in them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql2 from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRowHash, DEFAULT_HASHING_SPEC } from '../../../core/hashing/index.js';
import { defaultAggregates } from '../../../core/recon/aggregates.js';
import { aggregateSql, bucketSql, type SideSql } from '../../../core/recon/queries.js';
import { firstGrid, hexGrid, type Grid } from '../../../core/recon/segments.js';
import type { ReadConnection, Row } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { resolveColumns } from '../../../runner/recon/columns.js';
import { ReconciliationRunner } from '../../../runner/recon/runner.js';
import { mysqlServerUrl, pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';

const pgUrl = pgServerUrl();
const myUrl = mysqlServerUrl();
const schema = uniqueName('recon_fold');
const dir = mkdtempSync(join(tmpdir(), 'recon-fold-'));
const duckPath = join(dir, 'fold.duckdb');
let admin: pg.Client;
let my: mysql2.Connection | undefined;
const open: ReadConnection[] = [];
const N = 300;

// NULLs in every value column (a different stride each), negative and fractional values, floats that
// add up exactly, so every aggregate has one right answer.
const PG_FILL = `SELECT g, 'k' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 7919) % 1000 - 500 END, ` +
  `CASE WHEN g % 11 = 0 THEN NULL ELSE g * 0.125 - 10 END, CASE WHEN g % 5 = 0 THEN NULL ELSE g * 0.25 - 30 END, ` +
  `CASE WHEN g % 3 = 0 THEN NULL ELSE 's' || (g % 17) END, CASE WHEN g % 13 = 0 THEN NULL ELSE date '1999-12-20' + g END, ` +
  `CASE WHEN g % 4 = 0 THEN NULL ELSE g % 2 = 0 END`;
const DUCK_FILL = `SELECT g, 'k' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 7919) % 1000 - 500 END, ` +
  `CASE WHEN g % 11 = 0 THEN NULL ELSE CAST(g AS DECIMAL(12,3)) * 0.125 - 10 END, CASE WHEN g % 5 = 0 THEN NULL ELSE g * 0.25 - 30 END, ` +
  `CASE WHEN g % 3 = 0 THEN NULL ELSE 's' || (g % 17) END, CASE WHEN g % 13 = 0 THEN NULL ELSE DATE '1999-12-20' + CAST(g AS INTEGER) END, ` +
  `CASE WHEN g % 4 = 0 THEN NULL ELSE g % 2 = 0 END`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.agg (id int PRIMARY KEY, code text NOT NULL, i bigint, d numeric(12,3), f double precision, s text, day date, flag boolean)`);
  await admin.query(`INSERT INTO ${schema}.agg ${PG_FILL} FROM generate_series(1, ${N}) g`);
  const db = await DuckDBInstance.create(duckPath);
  const c = await db.connect();
  await c.run('CREATE TABLE agg (id INTEGER, code VARCHAR, i BIGINT, d DECIMAL(12,3), f DOUBLE, s VARCHAR, day DATE, flag BOOLEAN)');
  await c.run(`INSERT INTO agg ${DUCK_FILL} FROM range(1, ${N + 1}) r(g)`);
  await c.run('CREATE TABLE agg_changed AS SELECT * FROM agg');
  await c.run('UPDATE agg_changed SET f = 1000.5 WHERE id = 42');
  c.closeSync();
  db.closeSync();
  if (myUrl) {
    const server = await mysql2.createConnection({ uri: myUrl });
    await server.query(`CREATE DATABASE ${schema} CHARACTER SET utf8mb4`);
    await server.end();
    my = await mysql2.createConnection({ uri: withDatabase(myUrl, schema), charset: 'utf8mb4' });
    await my.query('CREATE TABLE agg (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL, i BIGINT, d DECIMAL(12,3), f DOUBLE, s VARCHAR(20), day DATE, flag BOOLEAN)');
    const { rows } = await admin.query(`SELECT id, code, i, d, f, s, to_char(day, 'YYYY-MM-DD') AS day, flag FROM ${schema}.agg ORDER BY id`);
    await my.query('INSERT INTO agg VALUES ?', [rows.map((r) => [r.id, r.code, r.i, r.d, r.f, r.s, r.day, r.flag])]);
  }
});

afterAll(async () => {
  for (const c of open) await c.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  if (my) {
    await my.query(`DROP DATABASE IF EXISTS ${schema}`);
    await my.end();
  }
  rmSync(dir, { recursive: true, force: true });
});

const ENGINES = [
  { name: 'PostgreSQL', uri: () => pgUrl, table: () => ({ schema, name: 'agg' }) },
  { name: 'DuckDB', uri: () => `duckdb:${duckPath}`, table: () => ({ schema: 'main', name: 'agg' }) },
  { name: 'MariaDB', uri: () => withDatabase(myUrl ?? 'mysql://unset/', schema), table: () => ({ name: 'agg' }) },
];

/** A connection whose statements are recorded. */
function recorded(c: ReadConnection, log: string[]): ReadConnection {
  return new Proxy(c, {
    get(target, p) {
      if (p === 'query') return (sql: string) => { log.push(sql); return target.query(sql); };
      const v = Reflect.get(target, p, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function connect(uri: string): Promise<ReadConnection> {
  const c = await openConnection(uri, {});
  open.push(c);
  return c;
}

const checksumsOf = (rows: readonly Row[]) => rows.map((r) => `${r.b}:${r.n}:${r.s}`).sort();

describe.each(ENGINES)('aggregates folded into the bucket pass on $name', (e) => {
  it.each<[string, string[], (rows: bigint) => Grid]>([
    ['an integer key', ['id'], (rows) => firstGrid({ lo: 1n, hi: BigInt(N) }, rows, { leafRows: 40, fanout: 16, maxBuckets: 65536 })],
    ['a text key (hex buckets)', ['code'], (rows) => hexGrid(rows, { leafRows: 4, fanout: 16, maxBuckets: 256 })],
  ])('equal their own pass exactly, on one row, with the same checksums (%s)', async (_, key, gridOf) => {
    if (e.name === 'MariaDB' && !myUrl) return;
    const c = await connect(e.uri());
    const table = e.table();
    const described = { dialect: c.dialect, table, catalog: await c.describe(table), location: c.location };
    const cols = resolveColumns({ key }, described, described);
    const side: SideSql = { dialect: c.dialect, relation: c.relation(table), hash: compileRowHash(c.dialect, DEFAULT_HASHING_SPEC, cols.sourceKey, cols.sourceCols) };
    const aggs = defaultAggregates(cols.sourceCols);
    const grid = gridOf(BigInt(N));
    const folded = await c.query(bucketSql(side, grid, { kind: 'all' }, aggs));
    const plain = await c.query(bucketSql(side, grid, { kind: 'all' }));
    const [own] = await c.query(aggregateSql(side, aggs));
    expect(folded.length).toBeGreaterThan(4);
    expect(checksumsOf(folded)).toEqual(checksumsOf(plain));
    const carriers = folded.filter((r) => r.rows !== null && r.rows !== undefined);
    expect(carriers).toHaveLength(1);
    const totals = Object.fromEntries(Object.keys(own!).map((k) => [k, carriers[0]![k]]));
    expect(totals).toEqual(own);
    expect(own!.rows).toBe(String(N));
  });
});

describe('the runner', () => {
  it('takes the aggregates from the first segment pass: no second scan, the same figures, a changed value still shows', async () => {
    const log: string[] = [];
    const source = recorded(await connect(pgUrl), log);
    const target = recorded(await connect(`duckdb:${duckPath}`), log);
    const src = { schema, name: 'agg' };
    const folded = new ReconciliationRunner(source, target);
    const same = await folded.reconcileTable({ source: src, target: { schema: 'main', name: 'agg' }, key: ['id'] });
    expect(same.differs).toBe(false);
    expect(same.aggregates.length).toBeGreaterThan(10);
    expect(same.aggregates.every((a) => a.equal)).toBe(true);
    const aggregateQueries = log.filter((q) => q.includes('a0_count'));
    expect(aggregateQueries).toHaveLength(2);
    expect(aggregateQueries.every((q) => q.includes('GROUP BY'))).toBe(true);

    // With a distinct count the aggregates take a pass of their own, and agree with the folded figures.
    log.length = 0;
    const withDistinct = await folded.reconcileTable({ source: src, target: { schema: 'main', name: 'agg' }, key: ['id'], distinct: ['s'] });
    const own = log.filter((q) => q.includes('a0_count'));
    expect(own.some((q) => q.includes('count(DISTINCT') && !q.includes('GROUP BY'))).toBe(true);
    expect(withDistinct.aggregates.filter((a) => a.metric !== 'distinct')).toEqual(same.aggregates);
    expect(withDistinct.aggregates.find((a) => a.column === 's' && a.metric === 'distinct')).toMatchObject({ source: '17', target: '17', equal: true });

    const changed = await folded.reconcileTable({ source: src, target: { schema: 'main', name: 'agg_changed' }, key: ['id'] });
    expect(changed.mismatched_rows.map((m) => m.key)).toEqual([{ id: 42 }]);
    const unequal = changed.aggregates.filter((a) => !a.equal).map((a) => `${a.column}.${a.metric}`);
    expect(unequal).toEqual(['f.sum', 'f.max']);
  });
});

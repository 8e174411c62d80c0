// Near-total differences: every row of a PostgreSQL table differs from its DuckDB copy (text key, so the
// leaves are selected by key tails). Every differing row reaches the differences writer while
// the leaves are still being read (streamed, never gathered first), the report lists only the first
// `listLimit` by key order, and the counts are exact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadConnection } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { ReconciliationRunner } from '../../../runner/recon/runner.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';

const pgUrl = pgServerUrl();
const schema = uniqueName('recon_all_differ');
const dir = mkdtempSync(join(tmpdir(), 'recon-all-differ-'));
const duckPath = join(dir, 't.duckdb');
const N = 3000;
let admin: pg.Client;
const open: ReadConnection[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.t (k text PRIMARY KEY, v int); INSERT INTO ${schema}.t SELECT md5(g::text), g FROM generate_series(1, ${N}) g`);
  const db = await DuckDBInstance.create(duckPath);
  const c = await db.connect();
  await c.run(`CREATE TABLE t (k VARCHAR, v INTEGER); INSERT INTO t SELECT md5(CAST(g AS VARCHAR)), -g FROM range(1, ${N + 1}) r(g)`);
  c.closeSync();
  db.closeSync();
});

afterAll(async () => {
  for (const c of open) await c.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('every row differs', () => {
  it('each differing row is written as the leaves stream, the report keeps the first few', async () => {
    const s = await openConnection(pgUrl, {});
    const t = await openConnection(`duckdb:${duckPath}`, {});
    open.push(s, t);
    let rowsRead = 0;
    let readAtFirstWrite = -1;
    const lines: string[] = [];
    const runner = new ReconciliationRunner(s, t, {
      listLimit: 5,
      leafRowsInOneQuery: 500,
      onProgress: (p) => { rowsRead = p.rows; },
      differences: () => ({
        file: 'd.jsonl',
        write: async (line) => {
          if (readAtFirstWrite < 0) readAtFirstWrite = rowsRead;
          lines.push(line);
        },
      }),
    });
    const r = await runner.reconcileTable({ source: { schema, name: 't' }, target: { name: 't' }, key: ['k'] });
    expect(r.differences).toEqual({ missing: 0, extra: 0, mismatched: N, duplicates: 0, listed_limit: 5 });
    expect(r.mismatched_rows).toHaveLength(5);
    expect(r.segments.differing).toBe(r.segments.leaves);
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => JSON.parse(l).key.k)).size).toBe(N);
    expect(JSON.parse(lines[0]!).columns).toHaveLength(1);
    // Streamed: the first difference was written once one batch of each side was in (PostgreSQL's cursor
    // fetches 10000 rows, DuckDB yields 2048), before the rest of DuckDB's rows were read.
    expect(readAtFirstWrite).toBeGreaterThan(0);
    expect(readAtFirstWrite).toBeLessThan(2 * N);
    expect(rowsRead).toBe(2 * N);
  });
});

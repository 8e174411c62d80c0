// A real PostgreSQL table whose key has no unique constraint and holds duplicates: the reconciliation
// cannot match its rows by key, so the report carries the Critical recon.unique_key finding and fails,
// listing the duplicated keys; the same data with a primary key on both sides passes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadConnection } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { ReconciliationRunner } from '../../../runner/recon/runner.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';

const pgUrl = pgServerUrl();
const schema = uniqueName('recon_dups');
let admin: pg.Client;
const open: ReadConnection[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // No unique constraint: id 7 three times, id 21 twice (same row values, so only the key is at fault).
  await admin.query(`CREATE TABLE ${schema}.dups (id int NOT NULL, v text)`);
  await admin.query(`INSERT INTO ${schema}.dups SELECT g, 'v' || g FROM generate_series(1, 50) g`);
  await admin.query(`INSERT INTO ${schema}.dups VALUES (7, 'v7'), (7, 'v7'), (21, 'v21')`);
  await admin.query(`CREATE TABLE ${schema}.unique_copy (id int PRIMARY KEY, v text)`);
  await admin.query(`INSERT INTO ${schema}.unique_copy SELECT g, 'v' || g FROM generate_series(1, 50) g`);
  await admin.query(`CREATE TABLE ${schema}.unique_source (id int PRIMARY KEY, v text)`);
  await admin.query(`INSERT INTO ${schema}.unique_source SELECT * FROM ${schema}.unique_copy`);
});

afterAll(async () => {
  for (const c of open) await c.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

async function runner(leafRows: number): Promise<ReconciliationRunner> {
  const s = await openConnection(pgUrl, {});
  const t = await openConnection(pgUrl, {});
  open.push(s, t);
  return new ReconciliationRunner(s, t, { bisect: { leafRows, fanout: 4 } });
}

describe('duplicate keys in a table with no unique constraint', () => {
  it.each([1000, 3])('give the Critical recon.unique_key finding and fail (leaf rows %s)', async (leafRows) => {
    const report = await (await runner(leafRows)).run([{ source: { schema, name: 'dups' }, target: { schema, name: 'unique_copy' }, key: ['id'] }]);
    const t = report.tables[0]!;
    const unique = t.findings.filter((f) => f.rule === 'recon.unique_key');
    expect(unique).toEqual([expect.objectContaining({ rule: 'recon.unique_key', severity: 'Critical', exceeded: true, value: 2, max: 0 })]);
    expect(unique[0]!.message).toBe('key (id) is not unique: 2 duplicated value(s); rows cannot be matched by key');
    expect(t.differences.duplicates).toBe(2);
    expect(t.duplicate_keys).toEqual([{ id: 7 }, { id: 21 }]);
    expect([t.severity, t.status]).toEqual(['Critical', 'fail']);
    expect([report.summary.severity, report.summary.status]).toEqual(['Critical', 'fail']);
  });

  it('the same rows under a primary key pass with no finding', async () => {
    const report = await (await runner(3)).run([{ source: { schema, name: 'unique_source' }, target: { schema, name: 'unique_copy' }, key: ['id'] }]);
    const t = report.tables[0]!;
    expect(t.findings).toEqual([]);
    expect(t.differences.duplicates).toBe(0);
    expect([t.status, report.summary.status]).toEqual(['pass', 'pass']);
  });
});

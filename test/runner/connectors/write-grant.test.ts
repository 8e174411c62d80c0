// The write half of the connectors: a write method takes only a grant minted by the plan gate in this
// process (a look-alike object is refused and nothing is written), and the MySQL/MariaDB writer replaces
// a chunk's key range in one transaction (loading the same chunk twice leaves it once), with exact
// decimals, bytes and NULL apart from ''.
import { join } from 'node:path';
import mysql2 from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteGrant } from '../../../runner/connectors/connection.js';
import { openWriter } from '../../../runner/connectors/open-writer.js';
import { assertGrant, openGate } from '../../../runner/gate/write-grant.js';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { mysqlServerUrl, pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';
import { git, signedRepo, type SignedRepo } from '../execute/fixture.js';

let signed: SignedRepo;
let grant: (step: string) => WriteGrant;

beforeAll(async () => {
  signed = await signedRepo({
    target: 'postgres', sourceSchema: 'src', targetSchema: 'dst', chunkRows: 10,
    tables: [{ name: 'a', columns: [{ name: 'id', pg: 'integer', target: 'integer' }], rows: 1 }],
  });
  const gate = await openGate({ repoDir: signed.repo, version: 1 });
  expect(gate.result.ok).toBe(true);
  grant = gate.grant!;
}, 120_000);

afterAll(removeRepos);

describe('write grants', () => {
  it('are refused unless minted by the gate, and for the right step', () => {
    const forged = { plan_sha256: 'a'.repeat(64), step_id: 'copy-a' } as unknown as WriteGrant;
    expect(() => assertGrant(forged)).toThrow(/no write grant from the plan gate/);
    expect(() => assertGrant({ ...grant('copy-a') })).toThrow(/no write grant/);
    expect(() => assertGrant(JSON.parse(JSON.stringify(grant('copy-a'))))).toThrow(/no write grant/);
    expect(() => assertGrant(grant('copy-a'), 'copy-b')).toThrow(/the grant is for step copy-a, not copy-b/);
    expect(() => assertGrant(grant('copy-a'), 'copy-a')).not.toThrow();
  });

  it('are not given when the gate refuses', async () => {
    git(signed.repo, 'tag', '-d', 'plan/v1');
    try {
      const gate = await openGate({ repoDir: signed.repo, version: 1 });
      expect(gate.result.ok).toBe(false);
      expect(gate.grant).toBeUndefined();
    } finally {
      git(signed.repo, 'tag', '-s', '-a', 'plan/v1', '-m', 'plan v1', 'HEAD');
    }
  }, 60_000);

  it('a forged grant writes nothing', async () => {
    const file = join(signed.dir, 'forged.duckdb');
    const w = await openWriter(`duckdb:${file}`, {});
    try {
      const forged = { plan_sha256: 'a'.repeat(64), step_id: 'x' } as unknown as WriteGrant;
      await expect(w.transaction(forged, ['CREATE TABLE t (i INTEGER)'])).rejects.toMatchObject({ code: 'PLAN_REFUSED' });
      expect(await w.tableExists({ schema: 'main', name: 't' })).toBe(false);
    } finally {
      await w.close();
    }
  });

  it('the PostgreSQL writer runs a scalar read-only', async () => {
    const w = await openWriter(pgServerUrl(), {});
    try {
      const name = uniqueName('mc_ro');
      await expect(w.scalar(`CREATE TABLE ${name} (i int)`)).rejects.toThrow(/read-only transaction/);
      expect(await w.tableExists({ name })).toBe(false);
    } finally {
      await w.close();
    }
  });
});

const mysql = mysqlServerUrl();
describe.skipIf(!mysql)('the MySQL/MariaDB writer', () => {
  const db = uniqueName('mc_w');
  let url: string;
  beforeAll(async () => {
    const c = await mysql2.createConnection(mysql!);
    await c.query(`CREATE DATABASE ${db}`);
    await c.end();
    url = withDatabase(mysql!, db);
  });
  afterAll(async () => {
    const c = await mysql2.createConnection(mysql!);
    await c.query(`DROP DATABASE IF EXISTS ${db}`);
    await c.end();
  });

  it('replaces a chunk range in one transaction; a reload leaves each row once, values exact', async () => {
    const w = await openWriter(url, {});
    const g = grant('copy-a');
    try {
      await w.transaction(g, [`CREATE TABLE ${db}.stg (id INT NOT NULL, amount DECIMAL(18,4), t TEXT, bin BLOB, ts DATETIME(6))`]);
      const columns = [
        { source: 'id', sourceType: 'integer', target: 'id', targetType: 'int' },
        { source: 'amount', sourceType: 'numeric', target: 'amount', targetType: 'decimal(18,4)' },
        { source: 't', sourceType: 'text', target: 't', targetType: 'text' },
        { source: 'bin', sourceType: 'bytea', target: 'bin', targetType: 'blob' },
        { source: 'ts', sourceType: 'timestamp with time zone', target: 'ts', targetType: 'datetime(6)' },
      ];
      const rows = [
        { id: '1', amount: '12345678901234.5678', t: '', bin: '00ff10', ts: '2024-01-02 03:04:05.123456' },
        { id: '2', amount: '-0.0001', t: null, bin: null, ts: null },
        { id: '3', amount: null, t: 'ü "q" \\ x', bin: '', ts: '1999-12-31 23:59:59.999999' },
      ];
      async function* batches() { yield rows; }
      const load = () => w.loadChunk(g, { staging: { schema: db, name: 'stg' }, columns, key: 'id', range: { lo: '1', hi: '4' }, input: { kind: 'rows', batches: batches() } });
      expect(await load()).toBe(3);
      expect(await load()).toBe(3);
      const c = await mysql2.createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
      const [got] = await c.query(`SELECT id, CAST(amount AS CHAR) AS amount, t, HEX(bin) AS bin, CAST(ts AS CHAR) AS ts FROM ${db}.stg ORDER BY id`);
      await c.end();
      expect(got).toEqual([
        { id: 1, amount: '12345678901234.5678', t: '', bin: '00FF10', ts: '2024-01-02 03:04:05.123456' },
        { id: 2, amount: '-0.0001', t: null, bin: null, ts: null },
        { id: 3, amount: null, t: 'ü "q" \\ x', bin: '', ts: '1999-12-31 23:59:59.999999' },
      ]);
    } finally {
      await w.close();
    }
  }, 60_000);
});

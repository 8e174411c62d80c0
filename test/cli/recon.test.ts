// `migration-copilot recon`: through the real entry point for the exit codes a user sees, and through
// main() for the report streams. PostgreSQL source, DuckDB target, each test's own schema and files.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../core/schema/validate.js';
import { runCli } from '../support/cli.js';
import { pgServerUrl, uniqueName } from '../support/db.js';

const BIN = new URL('../../bin/migration-copilot.js', import.meta.url).pathname;
const pgUrl = pgServerUrl();
const schema = uniqueName('recon_cli');
const dir = mkdtempSync(join(tmpdir(), 'recon-cli-'));
const duck = join(dir, 'target.duckdb');
let admin: pg.Client;

interface Run { code: number | null; stdout: string; stderr: string }

/** Spawns the CLI without blocking the event loop (the test's own servers keep answering). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MIGRATION_COPILOT_DEBUG: '', ...env }, cwd: dir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function inProcess(args: string[]): Promise<Run> {
  return runCli(args, { cwd: dir, env: {} });
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.orders (id int PRIMARY KEY, amount numeric(12,2), email text, placed date)`);
  await admin.query(`INSERT INTO ${schema}.orders SELECT g, g * 1.25, 'user' || g || '@example.com', DATE '2026-01-01' + g FROM generate_series(1, 3000) g`);
  const db = await DuckDBInstance.create(duck);
  const c = await db.connect();
  const fill = `SELECT g, g * 1.25, 'user' || g || '@example.com', DATE '2026-01-01' + g::INTEGER FROM range(1, 3001) r(g)`;
  await c.run(`CREATE TABLE orders (id INTEGER PRIMARY KEY, amount DECIMAL(12,2), email VARCHAR, placed DATE); INSERT INTO orders ${fill}`);
  await c.run(`CREATE TABLE orders_changed AS SELECT * FROM orders; UPDATE orders_changed SET amount = amount + 0.01 WHERE id = 1500;
    UPDATE orders_changed SET email = 'x@example.com' WHERE id = 2000; DELETE FROM orders_changed WHERE id = 3`);
  c.closeSync();
  db.closeSync();
});

afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

const base = (target = 'orders') => ['recon', '--source', pgUrl, '--target', `duckdb:${duck}`, '--table', `${schema}.orders`, '--target-table', `main.${target}`, '--key', 'id'];

describe('migration-copilot recon (entry point)', () => {
  it('exit 0 for identical tables; --out writes a schema-valid recon_report.json', async () => {
    const r = await cli([...base(), '--out', 'recon_report.json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'recon_report.json'), 'utf8'));
    expect(validateDocument('recon_report', report, { file: 'recon_report.json', lines: new Map() })).toEqual([]);
    expect(report.tables[0].counts).toEqual({ source: 3000, target: 3000 });
    expect(report.summary.status).toBe('pass');
  });

  it('exit 1 when rows differ, naming each key; PII values masked by the default policy', async () => {
    const r = await cli([...base('orders_changed'), '--format', 'md']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('| id=1500 | amount | `1875.00` | `1875.01` |');
    expect(r.stdout).toContain('| id=2000 | email | `<masked>` | `<masked>` |');
    expect(r.stdout).toContain('- id=3');
    expect(r.stdout).not.toContain('x@example.com');
  });

  it.each<[string, string[], Record<string, string>, number, RegExp]>([
    ['a missing --key', ['recon', '--source', 'duckdb:x', '--target', 'duckdb:y', '--table', 't'], {}, 2, /--key is required/],
    ['a bad --format', [...base(), '--format', 'xml'], {}, 2, /--format must be json or md/],
    ['a bad table name', ['recon', '--source', 'duckdb:x', '--target', 'duckdb:y', '--table', 'a.b.c', '--key', 'id'], {}, 2, /not SCHEMA.TABLE/],
    ['an unknown URI scheme', ['recon', '--source', 'oracle://h/db', '--target', `duckdb:${duck}`, '--table', 't', '--key', 'id'], {}, 2, /not a supported connection URI/],
    ['an unset secret reference', ['recon', '--source', 'env:MC_TEST_UNSET_URL', '--target', `duckdb:${duck}`, '--table', 't', '--key', 'id'], {}, 2, /env:MC_TEST_UNSET_URL is not set/],
    ['an unknown column', [...base(), '--columns', 'nope'], {}, 2, /column "nope" not found/],
    ['a server that does not answer', ['recon', '--source', 'env:MC_TEST_SRC', '--target', `duckdb:${duck}`, '--table', 't', '--key', 'id'],
      { MC_TEST_SRC: 'postgres://alice:s3cr3t-pw@127.0.0.1:1/db' }, 3, /error\[CONNECTION_FAILED\]/],
  ])('%s', async (_, args, env, code, message) => {
    const r = await cli(args, env);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/s3cr3t-pw|\n\s+at /);
  });
});

describe('recon through main()', () => {
  it('prints the JSON report on stdout and the verdict on stderr', async () => {
    const r = await inProcess(base('orders_changed'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.tables[0].differences).toEqual({ missing: 1, extra: 0, mismatched: 2, duplicates: 0, listed_limit: 1000 });
    expect(report.tables[0].mismatched_rows.map((m: { key: { id: number } }) => m.key.id)).toEqual([1500, 2000]);
    expect(r.stderr).toContain('recon FAIL');
  });

  it('a deterministic sample picks the same keys on both engines', async () => {
    const r = await inProcess([...base(), '--sample-rate', '0.1', '--seed', 'abc']);
    expect(r.code).toBe(0);
    const sample = JSON.parse(r.stdout).tables[0].sample;
    expect(sample.source_rows).toBe(sample.target_rows);
    expect(sample.source_rows).toBeGreaterThan(200);
    expect(sample.source_rows).toBeLessThan(400);
    expect(sample.mismatched_keys).toEqual([]);
  });

  it('a whole-table sample names exactly the keys that differ, streamed in hash order and reported in key order', async () => {
    const r = await inProcess([...base('orders_changed'), '--sample-rate', '1', '--seed', 'abc']);
    expect(r.code).toBe(1);
    const sample = JSON.parse(r.stdout).tables[0].sample;
    expect([sample.source_rows, sample.target_rows]).toEqual([3000, 2999]);
    expect(sample.mismatched_keys).toEqual([{ id: 3 }, { id: 1500 }, { id: 2000 }]);
  });

  it('a sample rate below the policy minimum is a usage error', async () => {
    const r = await inProcess([...base(), '--sample-rate', '0.001', '--seed', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/below the policy's min_rate/);
  });
});

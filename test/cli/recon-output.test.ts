// What `migration-copilot recon` says, through the real entry point: a column whose type differs is a
// finding (exit 1), or a usage error when it was asked for and cannot be compared (exit 2); keys are
// listed in their type's order and typed in the JSON; duplicated keys are named; every differing row
// goes to FILE.differences.jsonl and the markdown says where; progress only on request off a terminal;
// --shard i/N reports merge into the whole table's report.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../core/schema/validate.js';
import { pgServerUrl, uniqueName } from '../support/db.js';

const BIN = new URL('../../bin/migration-copilot.js', import.meta.url).pathname;
const pgUrl = pgServerUrl();
const schema = uniqueName('recon_out');
const dir = mkdtempSync(join(tmpdir(), 'recon-out-'));
const duck = join(dir, 'target.duckdb');
let admin: pg.Client;

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MIGRATION_COPILOT_DEBUG: '' }, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const N = 2000;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  await admin.query(`CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(12,2), placed date, note text)`);
  await admin.query(`INSERT INTO orders SELECT g, g * 1.25, DATE '2026-01-01' + (g % 300)::int, 'n' || g FROM generate_series(1, ${N}) g`);
  // No unique constraint on either side: the duplicate-key pass runs.
  await admin.query(`CREATE TABLE events (id int, v text); INSERT INTO events SELECT g, 'v' || g FROM generate_series(1, 50) g; INSERT INTO events VALUES (7, 'v7')`);
  const db = await DuckDBInstance.create(duck);
  const c = await db.connect();
  const fill = `SELECT g, g * 1.25, DATE '2026-01-01' + CAST(g % 300 AS INTEGER), 'n' || g FROM range(1, ${N + 1}) r(g)`;
  await c.run(`CREATE TABLE orders (id BIGINT, amount DECIMAL(12,2), placed DATE, note VARCHAR); INSERT INTO orders ${fill}`);
  // 30 keys of different lengths missing: text order would put 1000 before 5.
  await c.run(`CREATE TABLE orders_gaps AS SELECT * FROM orders WHERE id NOT IN (5, 40, 300, 1000) AND NOT (id BETWEEN 1500 AND 1525)`);
  await c.run(`CREATE TABLE orders_types (id BIGINT, amount VARCHAR, placed BOOLEAN, note VARCHAR)`);
  await c.run(`INSERT INTO orders_types SELECT id, CAST(amount AS VARCHAR), true, note FROM orders`);
  await c.run(`CREATE TABLE events AS SELECT g AS id, 'v' || g AS v FROM range(1, 51) r(g); INSERT INTO events VALUES (7, 'v7')`);
  c.closeSync();
  db.closeSync();
});

afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

const recon = (table: string, target: string, ...more: string[]) =>
  ['recon', '--source', pgUrl, '--target', `duckdb:${duck}`, '--table', `${schema}.${table}`, '--target-table', `main.${target}`, '--key', 'id', ...more];

describe('column types that differ', () => {
  it('numeric against VARCHAR is a finding with both types, compared through canonical text: exit 1', async () => {
    const r = await cli([...recon('orders', 'orders_types', '--columns', 'amount,note'), '--format', 'md']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('| amount | numeric(12,2) (decimal) | varchar (string) | canonical text |');
    expect(r.stdout).toMatch(/\| PostgreSQL|FAIL/);
    expect(r.stdout).not.toMatch(/Different values/);
    expect(r.stderr).not.toMatch(/Binder|No function matches/);
  });

  it('a column that cannot be compared at all is left out and named when not asked for: exit 1', async () => {
    const r = await cli([...recon('orders', 'orders_types'), '--out', 'types.json']);
    expect(r.code, r.stderr).toBe(1);
    const t = JSON.parse(readFileSync(join(dir, 'types.json'), 'utf8')).tables[0];
    expect(t.schema_differences).toContainEqual({ column: 'placed', source_type: 'date', target_type: 'boolean', source_logical: 'date', target_logical: 'boolean', compared_as: null });
    expect(t.columns.map((c: { name: string }) => c.name)).not.toContain('placed');
  });

  it('asked for with --columns, it is a usage error naming both types: exit 2', async () => {
    const r = await cli(recon('orders', 'orders_types', '--columns', 'placed'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/column "placed" cannot be compared: it is date \(date\) on the source and boolean \(boolean\) on the target/);
  });
});

describe('listed keys, files and words', () => {
  it('keys are typed, in numeric order; every differing row is in the .differences.jsonl the markdown names', async () => {
    const r = await cli([...recon('orders', 'orders_gaps'), '--out', 'gaps.json', '--format', 'md']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'gaps.json'), 'utf8'));
    expect(validateDocument('recon_report', report, { file: 'gaps.json', lines: new Map() })).toEqual([]);
    const t = report.tables[0];
    expect(t.missing_keys.slice(0, 5)).toEqual([{ id: 5 }, { id: 40 }, { id: 300 }, { id: 1000 }, { id: 1500 }]);
    expect(t.differences_file).toBe('gaps.differences.jsonl');
    const lines = readFileSync(join(dir, 'gaps.differences.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(30);
    expect(lines.every((l) => l.kind === 'missing')).toBe(true);
    expect(r.stdout).toContain('- … 10 more: every one is in `gaps.differences.jsonl`');
    expect(r.stdout).toContain('| public.orders | 2000 | 1970 |'.replace('public', schema));
    expect(r.stdout).toMatch(/\| FAIL \|/);
    expect(r.stdout).not.toMatch(/MISMATCH|mismatch \|/);
    expect(r.stderr).toMatch(/^recon FAIL: 0 table\(s\) PASS, 1 FAIL; report in .*gaps\.json, every differing row in .*gaps\.differences\.jsonl\n$/);
  });

  it('without --out the markdown says no file holds the rest', async () => {
    const r = await cli([...recon('orders', 'orders_gaps'), '--format', 'md']);
    expect(r.stdout).toContain('- … 10 more: recon_report.json lists the first 30 by key; no file holds the other 0');
    expect(existsSync(join(dir, 'recon_report.json'))).toBe(false);
  });

  it('duplicated keys are named in the markdown and the JSON', async () => {
    const r = await cli(['recon', '--source', pgUrl, '--target', `duckdb:${duck}`, '--table', `${schema}.events`, '--target-table', 'main.events', '--key', 'id', '--format', 'md']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('**Duplicated keys** (1):\n\n- id=7');
    expect(r.stdout).toContain('recon.unique_key');
  });

  it('progress goes to stderr off a terminal only with --progress', async () => {
    const quiet = await cli(recon('orders', 'orders_gaps'));
    expect(quiet.stderr).not.toMatch(/segments compared/);
    const loud = await cli([...recon('orders', 'orders_gaps'), '--progress']);
    expect(loud.stderr).toMatch(/^recon .*orders: \d+ segments compared, \d+ differing/m);
  });
});

describe('--shard i/N and recon merge', () => {
  it('two shards merge into the report of the whole table', async () => {
    const shards = await Promise.all([1, 2].map((i) => cli([...recon('orders', 'orders_gaps'), '--shard', `${i}/2`, '--out', `s${i}.json`])));
    for (const s of shards) expect(s.code, s.stderr).toBe(1);
    const parts = [1, 2].map((i) => JSON.parse(readFileSync(join(dir, `s${i}.json`), 'utf8')).tables[0]);
    expect(parts.map((p) => p.shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(parts[0].counts.source + parts[1].counts.source).toBe(N);
    const m = await cli(['recon', 'merge', '--out', 'merged.json', 's1.json', 's2.json']);
    expect(m.code, m.stderr).toBe(1);
    const t = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')).tables[0];
    expect(t.counts).toEqual({ source: N, target: N - 30 });
    expect(t.differences.missing).toBe(30);
    expect(t.missing_keys.slice(0, 4)).toEqual([{ id: 5 }, { id: 40 }, { id: 300 }, { id: 1000 }]);
    expect(readFileSync(join(dir, 'merged.differences.jsonl'), 'utf8').trim().split('\n')).toHaveLength(30);
    const missing = await cli(['recon', 'merge', 's1.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard\(s\) 2 of 2 missing/);
  });
});

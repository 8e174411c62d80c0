// Faults, with the real servers: the runner (the real CLI in a child process) is SIGKILLed at random
// points of a multi-step, multi-chunk load of PostgreSQL tables into DuckDB and into PostgreSQL; after
// --resume the target equals the source exactly (reconciliation: 0 differences, no key twice). The
// source connection is terminated mid-run (pg_terminate_backend): retried, completed. A canary password in
// the connection strings appears in no output, report, artifact, checkpoint or log.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo, type ColumnSpec, type TableSpec } from '../execute/fixture.js';
import { duckRows, pgQuery, run, start } from '../execute/support.js';

const src = uniqueName('mc_fault_src');
const dstSchema = uniqueName('mc_fault_dst');
const CANARY = `kanary${Date.now().toString(36)}`;
// Six kills per target at random points (1-2 chunks in, plus up to 15 ms): every CI run lands them elsewhere;
// each costs a runner start (about 2.5 s on two shared cores), so more would buy little for much suite time.
const KILLS_PER_TARGET = 6;
// Rows per table, in chunks of 50: enough chunks that a fast load (PostgreSQL's binary COPY finishes a chunk in
// a few milliseconds) is still running when each of the kills lands.
const ROWS = { a: 3000, b: 2000 } as const;

const duckCols: ColumnSpec[] = [
  { name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' },
  { name: 'amount', pg: 'numeric(18,4)', target: 'decimal(18,4)', rule: 'pg-duck.numeric' },
  { name: 't', pg: 'text', target: 'varchar', rule: 'pg-duck.text' },
  { name: 'ts', pg: 'timestamp with time zone', target: 'timestamp with time zone', rule: 'pg-duck.timestamp_with_time_zone' },
];
const pgCols: ColumnSpec[] = duckCols.map((c) => ({ name: c.name, pg: c.pg, target: c.pg }));
const tables = (cols: ColumnSpec[]): TableSpec[] => [
  { name: 'a', columns: cols, rows: ROWS.a },
  { name: 'b', columns: cols, rows: ROWS.b },
];

function secretUrl(): string {
  const u = new URL(pgServerUrl());
  u.password = CANARY;
  return u.toString();
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) { if (e.name !== '.git') await walk(p); } else out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/** Starts the runner again and again, killing it after a random number of loaded chunks; then lets it finish. */
async function killAndResume(repo: string, env: Record<string, string>, kills: number): Promise<{ killed: number; outputs: string[] }> {
  const outputs: string[] = [];
  let killed = 0;
  for (let k = 0; k < kills; k++) {
    const p = start(['execute', '--repo', repo, '--tag', 'plan/v1', '--resume'], env);
    const wantChunks = 1 + Math.floor(Math.random() * 2);
    const extraMs = Math.floor(Math.random() * 15);
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if ((p.stderrSoFar().match(/"msg":"progress"/g) ?? []).length >= wantChunks) {
          clearInterval(timer);
          setTimeout(() => resolve(false), extraMs);
        }
      }, 5);
      void p.done.then(() => { clearInterval(timer); resolve(true); });
    });
    if (!exited) {
      p.child.kill('SIGKILL');
      killed++;
    }
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    if (exited) break;
  }
  const last = await run(['execute', '--repo', repo, '--tag', 'plan/v1', '--resume'], env);
  outputs.push(last.stdout, last.stderr);
  expect(last.code, last.stderr).toBe(0);
  expect(last.stdout).toContain('reconciliation: pass, 2 of 2 tables pass');
  return { killed, outputs };
}

async function noCanary(repo: string, outputs: readonly string[]): Promise<void> {
  for (const o of outputs) expect(o).not.toContain(CANARY);
  for (const f of await filesUnder(repo)) {
    if ((await stat(f)).size > 5_000_000) continue;
    expect(await readFile(f, 'utf8'), f).not.toContain(CANARY);
  }
}

beforeAll(async () => {
  const fill = (t: string, n: number) => `CREATE TABLE ${src}.${t} (id integer PRIMARY KEY, amount numeric(18,4), t text, ts timestamptz);
    INSERT INTO ${src}.${t} SELECT g, round((g * 3.3331)::numeric, 4), CASE WHEN g % 7 = 0 THEN NULL WHEN g % 7 = 1 THEN '' ELSE 'row ' || g END,
      timestamptz '2025-01-01 00:00:00+02' + g * interval '1.000001 second' FROM generate_series(1, ${n}) g;`;
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE SCHEMA ${dstSchema}; ${fill('a', ROWS.a)} ${fill('b', ROWS.b)}`);
}, 60_000);

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dstSchema} CASCADE`);
  await removeRepos();
});

describe('faults', () => {
  it(`SIGKILLed ${KILLS_PER_TARGET} times loading into DuckDB, resumed: the target equals the source`, async () => {
    const r = await signedRepo({ target: 'duckdb', sourceSchema: src, targetSchema: 'main', chunkRows: 50, tables: tables(duckCols) });
    const target = join(r.dir, 'target.duckdb');
    const { killed, outputs } = await killAndResume(r.repo, { MC_SOURCE_URL: secretUrl(), MC_TARGET_URL: `duckdb:${target}` }, KILLS_PER_TARGET);
    expect(killed).toBeGreaterThanOrEqual(KILLS_PER_TARGET - 2);
    for (const [t, n] of Object.entries(ROWS)) {
      const [row] = await duckRows(target, `SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS k FROM main.${t}`);
      expect(row).toEqual({ n, k: n });
    }
    const recon = JSON.parse(await readFile(join(r.repo, 'reconciliation/v1/recon_report.json'), 'utf8'));
    expect(recon.tables.map((t: { counts: unknown; mismatched_rows: unknown[] }) => [t.counts, t.mismatched_rows.length]))
      .toEqual([[{ source: ROWS.a, target: ROWS.a }, 0], [{ source: ROWS.b, target: ROWS.b }, 0]]);
    await noCanary(r.repo, outputs);
  }, 900_000);

  it(`SIGKILLed ${KILLS_PER_TARGET} times loading into PostgreSQL, resumed: the target equals the source`, async () => {
    const r = await signedRepo({ target: 'postgres', sourceSchema: src, targetSchema: dstSchema, chunkRows: 50, tables: tables(pgCols), mode: 'merge' });
    const { killed, outputs } = await killAndResume(r.repo, { MC_SOURCE_URL: secretUrl(), MC_TARGET_URL: secretUrl() }, KILLS_PER_TARGET);
    expect(killed).toBeGreaterThanOrEqual(KILLS_PER_TARGET - 2);
    for (const [t, n] of Object.entries(ROWS)) {
      const [row] = await pgQuery(pgServerUrl(), `SELECT count(*)::int AS n, count(DISTINCT id)::int AS k FROM ${dstSchema}.${t}`);
      expect(row).toEqual({ n, k: n });
    }
    await noCanary(r.repo, outputs);
  }, 900_000);

  it('retries when the source connection is terminated mid-run, and completes', async () => {
    const r = await signedRepo({ target: 'duckdb', sourceSchema: src, targetSchema: 'main', chunkRows: 50, tables: tables(duckCols) });
    const target = join(r.dir, 'target.duckdb');
    const p = start(['execute', '--repo', r.repo, '--tag', 'plan/v1'], { MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: `duckdb:${target}` });
    let terminated = 0;
    let finished = false;
    void p.done.then(() => { finished = true; });
    while (terminated === 0 && !finished) {
      if (p.stderrSoFar().includes('"msg":"progress"')) {
        const rows = await pgQuery<{ t: boolean }>(pgServerUrl(),
          `SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE 'COPY (SELECT%${src}%'`);
        terminated = rows.filter((x) => x.t).length;
      }
      if (terminated === 0) await new Promise((res) => setTimeout(res, 10));
    }
    const done = await p.done;
    expect(terminated, 'a source session was terminated while the run went on').toBeGreaterThan(0);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/transient failure, retry 1/);
    const report = JSON.parse(await readFile(join(r.repo, 'runs/v1/execution_report.json'), 'utf8'));
    const retries = report.steps.reduce((s: number, x: { retries?: number }) => s + (x.retries ?? 0), 0);
    expect(retries).toBeGreaterThanOrEqual(1);
    expect(done.stdout).toContain('reconciliation: pass, 2 of 2 tables pass');
  }, 900_000);
});

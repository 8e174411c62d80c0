// `migration-copilot execute` end to end: a signed plan moves a real PostgreSQL table of awkward types into
// DuckDB exactly (decimals, timestamps with zone, bytes, arrays, JSON, enums, NULL apart from ''), then
// reconciles it; the dry run writes nothing; a second run needs --resume and loads nothing twice;
// rollback swaps the kept table back; drift and a failed pre-check refuse before anything is written.
import { existsSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo, type ColumnSpec } from './fixture.js';
import { duckRows, pgQuery, run } from './support.js';

const schema = uniqueName('mc_exec_src');
const CANARY = `canary${Date.now().toString(36)}pw`;
let repo: string;
let target: string;
let env: Record<string, string>;

const COLUMNS: ColumnSpec[] = [
  { name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' },
  { name: 'n', pg: 'bigint', target: 'bigint', rule: 'pg-duck.bigint' },
  { name: 'amount', pg: 'numeric(18,4)', target: 'decimal(18,4)', rule: 'pg-duck.numeric' },
  { name: 'f', pg: 'double precision', target: 'double', rule: 'pg-duck.double_precision' },
  { name: 't', pg: 'text', target: 'varchar', rule: 'pg-duck.text' },
  { name: 'ts', pg: 'timestamp with time zone', target: 'timestamp with time zone', rule: 'pg-duck.timestamp_with_time_zone' },
  { name: 'b', pg: 'boolean', target: 'boolean', rule: 'pg-duck.boolean' },
  { name: 'd', pg: 'date', target: 'date', rule: 'pg-duck.date' },
  { name: 'bin', pg: 'bytea', target: 'blob', rule: 'pg-duck.bytea' },
  { name: 'tags', pg: 'text[]', target: 'varchar[]', rule: 'pg-duck.text_array' },
  { name: 'j', pg: 'jsonb', target: 'json', rule: 'pg-duck.jsonb', cast: 'CAST({col} AS TEXT)' },
  { name: 'mood', pg: 'enum', target: 'varchar', rule: 'pg-duck.enum', cast: 'CAST({col} AS TEXT)' },
];

beforeAll(async () => {
  const url = pgServerUrl();
  await pgQuery(url, `CREATE SCHEMA ${schema}; CREATE TYPE ${schema}.mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE ${schema}.typed (id integer PRIMARY KEY, n bigint, amount numeric(18,4), f double precision, t text,
      ts timestamptz, b boolean, d date, bin bytea, tags text[], j jsonb, mood ${schema}.mood);
    INSERT INTO ${schema}.typed SELECT g, g::bigint * 3000000000, round((g * 1.2345)::numeric, 4) - 50, g / 7.0,
      CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'a,"b"' || chr(10) || 'c' ELSE 'ü' || g END,
      timestamptz '2024-03-01 12:00:00.123456+05:30' + g * interval '1 hour 1.5 second', g % 2 = 0, date '2020-01-01' + g,
      CASE WHEN g % 5 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 6, '0'), 'hex') END,
      ARRAY['x' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'q"' END], jsonb_build_object('k', g, 's', 'v' || g),
      (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::${schema}.mood
    FROM generate_series(1, 240) g;
    INSERT INTO ${schema}.typed (id) VALUES (1000);`);
  const r = await signedRepo({
    target: 'duckdb', sourceSchema: schema, targetSchema: 'main', chunkRows: 50,
    tables: [{ name: 'typed', columns: COLUMNS, rows: 241, recon: ['id', 'n', 'amount', 'f', 't', 'ts', 'b', 'd', 'bin'] }],
    prechecks: [{ id: 'source-has-rows', side: 'source', sql: `SELECT count(*) > 0 FROM ${schema}.typed`, expect: true }],
  });
  repo = r.repo;
  target = join(r.dir, 'target.duckdb');
  const u = new URL(url);
  u.password = CANARY;
  env = { MC_SOURCE_URL: u.toString(), MC_TARGET_URL: `duckdb:${target}` };
}, 120_000);

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await removeRepos();
});

const exec = (...extra: string[]) => run(['execute', '--repo', repo, '--tag', 'plan/v1', ...extra], env);

describe('execute', () => {
  it('prints each step with its row estimate on --dry-run, and writes nothing', async () => {
    const r = await exec('--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/copy-typed \[copy_table\] .*typed -> main\.typed, ~241 rows in ~5 chunk\(s\) of 50, replace by id/);
    expect(r.stdout).toContain('dry run: nothing was written');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(repo, 'runs'))).toBe(false);
  }, 60_000);

  it('moves every value exactly, reconciles with 0 differences and records the run', async () => {
    const r = await exec();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('reconciliation: pass, 1 of 1 tables pass');
    const report = JSON.parse(await readFile(join(repo, 'runs/v1/execution_report.json'), 'utf8'));
    expect(report.status).toBe('succeeded');
    const copy = report.steps.find((s: { id: string }) => s.id === 'copy-typed');
    expect(copy).toMatchObject({ status: 'succeeded', rows_written: 241, chunks: { total: 20, loaded: 20, resumed: 0 }, replaced_table: 'main.typed__v1_replaced' });
    expect(report.checkpoint_store).toMatch(/^file:\/\/.*\/artifacts\/runs\/v1\/checkpoints$/);
    expect(existsSync(join(repo, 'artifacts/runs/v1/checkpoints/copy-typed/chunk-00019.json'))).toBe(true);
    expect(report.prechecks).toEqual([expect.objectContaining({ id: 'source-has-rows', ok: true, expected: true, actual: 't' })]);
    expect(Object.keys(report.inputs)).toEqual(expect.arrayContaining(['plans/migration_plan.json', 'contracts/schema_mapping.yml', 'plans/signed/v1.json', 'discovery/discovery_report.json']));
    const recon = JSON.parse(await readFile(join(repo, 'reconciliation/v1/recon_report.json'), 'utf8'));
    expect(recon.summary).toMatchObject({ status: 'pass', tables: 1 });
    expect(recon.tables[0].counts).toEqual({ source: 241, target: 241 });

    const want = await pgQuery<{ id: number; tags: string | null; j: string | null; mood: string | null; t: string | null; bin: string | null; amount: string | null; ts: string | null }>(pgServerUrl(),
      `SELECT id, array_to_json(tags)::text AS tags, j::text AS j, mood::text AS mood, t, encode(bin, 'hex') AS bin, amount::text AS amount,
         to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM ${schema}.typed ORDER BY id`);
    const got = await duckRows(target, `SELECT id, CAST(to_json(tags) AS VARCHAR) AS tags, CAST(j AS VARCHAR) AS j, mood, t, lower(hex(bin)) AS bin, CAST(amount AS VARCHAR) AS amount,
       strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts FROM main.typed ORDER BY id`);
    expect(got.length).toBe(241);
    const norm = (rows: readonly Record<string, unknown>[]) => rows.map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null ? null : String(v)])));
    expect(norm(got)).toEqual(norm(want as unknown as Record<string, unknown>[]));
    expect(got.filter((x) => x.t === '').length).toBe(60);
    expect(got.filter((x) => x.t === null).length).toBe(61);

    for (const text of [r.stdout, r.stderr, await readFile(join(repo, 'runs/v1/execution_report.json'), 'utf8'), await readFile(join(repo, 'reconciliation/v1/recon_report.md'), 'utf8')]) {
      expect(text).not.toContain(CANARY);
    }
  }, 120_000);

  it('refuses to run the same plan again without --resume, and with it loads nothing twice', async () => {
    const again = await exec();
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/has already run here[\s\S]*pass --resume/);
    const resumed = await exec('--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(repo, 'runs/v1/execution_report.json'), 'utf8'));
    expect(report.steps.map((s: { status: string }) => s.status)).toEqual(['resumed', 'resumed']);
    expect((await duckRows(target, 'SELECT count(*)::INT AS n FROM main.typed'))[0]!.n).toBe(241);
  }, 120_000);

  it('rolls back by swapping the kept table in, in one transaction', async () => {
    const r = await run(['rollback', '--repo', repo, '--tag', 'plan/v1'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('main.typed: swapped back (what plan/v1 wrote is kept as main.typed__v1_rolled_back)');
    expect((await duckRows(target, 'SELECT count(*)::INT AS n FROM main.typed'))[0]!.n).toBe(0);
    expect((await duckRows(target, 'SELECT count(*)::INT AS n FROM main.typed__v1_rolled_back'))[0]!.n).toBe(241);
  }, 120_000);

  it('loads shard by shard into staging, then promotes and reconciles once with --resume', async () => {
    const copy = join(repo, '..', 'sharded');
    await cp(repo, copy, { recursive: true });
    for (const d of ['runs', 'artifacts']) await rm(join(copy, d), { recursive: true, force: true });
    const shardEnv = { ...env, MC_TARGET_URL: `duckdb:${join(repo, '..', 'sharded.duckdb')}` };
    const args = ['execute', '--repo', copy, '--tag', 'plan/v1'];
    for (const shard of ['1/2', '2/2']) {
      const r = await run([...args, '--shard', shard], shardEnv);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(copy, `runs/v1/execution_report.shard-${shard[0]}-of-2.json`), 'utf8'));
      expect(report.steps[1]).toMatchObject({ status: 'loaded', chunks: { total: 20, in_shard: 10 } });
    }
    const last = await run([...args, '--resume'], shardEnv);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain('reconciliation: pass, 1 of 1 tables pass');
    const report = JSON.parse(await readFile(join(copy, 'runs/v1/execution_report.json'), 'utf8'));
    expect(report.steps[1]).toMatchObject({ status: 'succeeded', rows_written: 241, chunks: { loaded: 0, resumed: 20 } });
  }, 180_000);

  it('refuses on drift, naming the column, before anything is written', async () => {
    await pgQuery(pgServerUrl(), `ALTER TABLE ${schema}.typed ADD COLUMN extra int`);
    try {
      for (const d of ['runs', 'artifacts']) await rm(join(repo, d), { recursive: true, force: true });
      const fresh = join(target, '..', 'fresh.duckdb');
      const r = await run(['execute', '--repo', repo, '--tag', 'plan/v1'], { ...env, MC_TARGET_URL: `duckdb:${fresh}` });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/drift: .*source .*typed: column extra \(integer\) was added/s);
      expect(existsSync(join(repo, 'artifacts/runs/v1/checkpoints'))).toBe(false);
      expect(r.stderr).not.toContain(CANARY);
    } finally {
      await pgQuery(pgServerUrl(), `ALTER TABLE ${schema}.typed DROP COLUMN extra`);
    }
  }, 120_000);
});

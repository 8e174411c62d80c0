// A Parquet directory with Hive partitioning as the target of a signed plan: execute loads a PostgreSQL
// table into DIR/<schema>/<table>/<col>=<value>/*.parquet through staging, reconciles it with 0
// differences, and keeps the replaced directory.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo } from '../execute/fixture.js';
import { duckRows, pgQuery, run } from '../execute/support.js';

const src = uniqueName('mc_pq_src');

beforeAll(async () => {
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE TABLE ${src}.a (id integer PRIMARY KEY, region text, amount numeric(18,4), ts timestamptz);
    INSERT INTO ${src}.a SELECT g, (ARRAY['eu', 'us', 'apac'])[1 + g % 3], g * 1.0001, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, 300) g;`);
});

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE`);
  await removeRepos();
});

it('loads into Hive-partitioned Parquet through staging and reconciles', async () => {
  const r = await signedRepo({
    target: 'duckdb', sourceSchema: src, targetSchema: 'main', chunkRows: 100, params: { partition_by: 'region' },
    tables: [{ name: 'a', rows: 300, columns: [
      { name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' },
      { name: 'region', pg: 'text', target: 'varchar', rule: 'pg-duck.text' },
      { name: 'amount', pg: 'numeric(18,4)', target: 'decimal(18,4)', rule: 'pg-duck.numeric' },
      { name: 'ts', pg: 'timestamp with time zone', target: 'timestamp with time zone', rule: 'pg-duck.timestamp_with_time_zone' },
    ] }],
  });
  const dir = join(r.dir, 'lake');
  const out = await run(['execute', '--repo', r.repo, '--tag', 'plan/v1'], { MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: `parquet:${dir}` });
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain('reconciliation: pass, 1 of 1 tables pass');
  expect((await readdir(join(dir, 'main/a'))).sort()).toEqual(['region=apac', 'region=eu', 'region=us']);
  expect(existsSync(join(dir, 'main/a__v1_replaced'))).toBe(true);
  const [row] = await duckRows(':memory:', `SELECT count(*)::INT AS n, sum(amount)::VARCHAR AS s FROM read_parquet('${dir}/main/a/**/*.parquet', hive_partitioning = true)`);
  const [want] = await pgQuery<{ s: string }>(pgServerUrl(), `SELECT sum(amount)::text AS s FROM ${src}.a`);
  expect(row).toEqual({ n: 300, s: want!.s });
}, 120_000);

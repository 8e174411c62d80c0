// rollback --tag plan/vN on a Parquet directory target: the table plan v1 replaced comes back by directory
// renames (its old files exactly), what v1 wrote is kept as <t>__v1_rolled_back; a rollback interrupted
// between its two renames is finished by the next one, and a finished one is left alone (nothing is kept to swap back).
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo } from './fixture.js';
import { duckRows, pgQuery, run } from './support.js';

const src = uniqueName('mc_rbpq_src');

beforeAll(async () => {
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE TABLE ${src}.a (id integer PRIMARY KEY, amount numeric(18,4));
    INSERT INTO ${src}.a SELECT g, g * 1.5 FROM generate_series(1, 120) g;`);
});

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE`);
  await removeRepos();
});

it('swaps a Parquet table back by directory renames, finishing an interrupted rollback and leaving it alone the second time', async () => {
  const r = await signedRepo({
    target: 'duckdb', sourceSchema: src, targetSchema: 'main', chunkRows: 60,
    tables: [{ name: 'a', rows: 120, columns: [
      { name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' },
      { name: 'amount', pg: 'numeric(18,4)', target: 'decimal(18,4)', rule: 'pg-duck.numeric' },
    ] }],
  });
  const lake = join(r.dir, 'lake');
  // The table before the plan: 3 old rows.
  await mkdir(join(lake, 'main/a'), { recursive: true });
  await duckRows(':memory:', `COPY (SELECT i::INTEGER AS id, (i * 100)::DECIMAL(18,4) AS amount FROM range(1, 4) t(i)) TO '${lake}/main/a/old.parquet' (FORMAT parquet)`);
  const env = { MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: `parquet:${lake}` };
  const count = (t: string) => duckRows(':memory:', `SELECT count(*)::INT AS n, sum(amount)::VARCHAR AS s FROM read_parquet('${lake}/main/${t}/**/*.parquet')`).then((x) => x[0]);
  const executed = await run(['execute', '--repo', r.repo, '--tag', 'plan/v1'], env);
  expect(executed.code, executed.stderr).toBe(0);
  expect(await count('a')).toEqual({ n: 120, s: '10890.0000' });

  // Killed after the first rename: the table's directory is gone, both others are there.
  await rename(join(lake, 'main/a'), join(lake, 'main/a__v1_rolled_back'));
  const finished = await run(['rollback', '--repo', r.repo, '--tag', 'plan/v1'], env);
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toContain('main.a: swapped back (finishing an interrupted rollback) (what plan/v1 wrote is kept as main.a__v1_rolled_back)');
  expect(await count('a')).toEqual({ n: 3, s: '600.0000' });
  expect(await count('a__v1_rolled_back')).toEqual({ n: 120, s: '10890.0000' });
  expect(existsSync(join(lake, 'main/a__v1_replaced'))).toBe(false);

  const again = await run(['rollback', '--repo', r.repo, '--tag', 'plan/v1'], env);
  expect(again.stdout).toContain('main.a: no main.a__v1_replaced kept; left as it is');
  expect(await count('a')).toEqual({ n: 3, s: '600.0000' });
}, 300_000);

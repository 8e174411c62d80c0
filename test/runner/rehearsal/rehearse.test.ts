// execute --rehearse on a plan for a PostgreSQL target, without a tag or a signature: the same sample of a
// real PostgreSQL source every time (hash of the key, --sample-rate/--sample-rows), loaded into a scratch
// DuckDB with the mapped PostgreSQL types rehearsed as their DuckDB counterparts, reconciled with 0
// differences; the target's connection is not even set. The plan's views, written in PostgreSQL, run in the
// scratch DuckDB translated, or are named as not rehearsed with the reasons. The unsigned dry run says it is
// unsigned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo } from '../execute/fixture.js';
import { pgQuery, run } from '../execute/support.js';

const src = uniqueName('mc_reh_src');
const wh = uniqueName('mc_reh_wh');
let repo: string;
const env = () => ({ MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: '' });

beforeAll(async () => {
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE TABLE ${src}.a (id integer PRIMARY KEY, amount numeric(18,4), t text, ts timestamptz, tags text[], j jsonb, bin bytea);
    INSERT INTO ${src}.a SELECT g, g * 1.25, CASE WHEN g % 3 = 0 THEN NULL ELSE 'v' || g END, timestamptz '2024-01-01 00:00:00+02' + g * interval '1 hour',
      ARRAY['x' || g], jsonb_build_object('k', g), decode(lpad(to_hex(g), 4, '0'), 'hex') FROM generate_series(1, 400) g;`);
  const r = await signedRepo({
    target: 'postgres', sourceSchema: src, targetSchema: wh, chunkRows: 50,
    tables: [{ name: 'a', rows: 400, columns: [
      { name: 'id', pg: 'integer', target: 'integer' }, { name: 'amount', pg: 'numeric(18,4)', target: 'numeric(18,4)' },
      { name: 't', pg: 'text', target: 'text' }, { name: 'ts', pg: 'timestamp with time zone', target: 'timestamp with time zone' },
      { name: 'tags', pg: 'text[]', target: 'text[]' }, { name: 'j', pg: 'jsonb', target: 'jsonb' }, { name: 'bin', pg: 'bytea', target: 'bytea' },
    ] }],
    models: [
      // The RewriteAgent's form: translated (NULLS FIRST made explicit for DuckDB) and run on the sample.
      { path: `models/${wh}/big.sql`, view: `${wh}.big`, sql: `-- written for postgres\nCREATE OR REPLACE VIEW "${wh}"."big" AS\nSELECT id, t FROM ${wh}.a WHERE amount > 100 ORDER BY t DESC;\n` },
      // A form the translator leaves to people: named, not run.
      { path: `models/${wh}/tagged.sql`, view: `${wh}.tagged`, sql: `CREATE VIEW ${wh}.tagged AS SELECT id, string_agg(t, ',' ORDER BY t) AS ts FROM ${wh}.a GROUP BY id;\n` },
    ],
  });
  repo = r.repo;
}, 120_000);

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE`);
  await removeRepos();
});

describe('execute --rehearse', () => {
  it('loads the same sample every time into a scratch DuckDB and reconciles it, never opening the target', async () => {
    const args = ['execute', '--repo', repo, '--rehearse', '--sample-rate', '0.3', '--sample-rows', '80'];
    const first = await run(args, env());
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const m = new RegExp(`copy-a: .*\\.a -> ${wh}\\.a: (\\d+) rows sampled, (\\d+) loaded`).exec(first.stdout);
    expect(m, first.stdout).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(Number(m![1])).toBeGreaterThan(40);
    expect(Number(m![1])).toBeLessThanOrEqual(80);
    expect(first.stdout).toContain('reconciliation: pass, 1 of 1 tables pass');
    const big = new RegExp(`model-1: models/${wh}/big\\.sql -> view ${wh}\\.big: (\\d+) rows on the sample`).exec(first.stdout);
    expect(big, first.stdout).not.toBeNull();
    // amount = id * 1.25 > 100 holds for ids above 80: most of the sample, never more than it.
    expect(Number(big![1])).toBeGreaterThan(0);
    expect(Number(big![1])).toBeLessThanOrEqual(Number(m![1]));
    expect(first.stdout).toMatch(new RegExp(`not rehearsed: model-2 runs models/${wh}/tagged\\.sql written for postgres, not rehearsed in DuckDB: .*string_agg`));
    expect(first.stdout).not.toMatch(/not rehearsed: model-1/);
    expect(first.stdout).toContain('rehearsal: passed; nothing was written to the target');
    const second = await run(args, env());
    expect(second.stdout).toContain(m![0]);
    const [schema] = await pgQuery(pgServerUrl(), `SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = '${wh}'`);
    expect(schema).toEqual({ n: 0 });
  }, 240_000);

  it('dry-runs the plan at HEAD without a tag, labelled unsigned', async () => {
    const r = await run(['execute', '--repo', repo, '--dry-run'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^UNSIGNED PLAN: plans\/migration_plan\.json at [0-9a-f]{12}, not signed and not verified/m);
    expect(r.stdout).toMatch(new RegExp(`copy-a \\[copy_table\\] .*\\.a -> ${wh}\\.a, ~400 rows in ~8 chunk\\(s\\) of 50`));
  }, 60_000);
});

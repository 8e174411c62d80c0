// migration-ci.yml's rehearsal, run for real by the simulator on pull requests of a repository holding the
// template and examples/demo-migration: the plan at the head runs on a sample of a DuckDB source into a
// scratch DuckDB, and the check run migration/rehearsal appears on the head with success, then with failure
// (naming the step and what to do) when the pull request breaks the plan. The validate job prints the
// unsigned dry run. The target is never given to the job, and never needed.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../../playground/index.js';

const o = { owner: 'acme', repo: 'orders' };
let gh: Playground;
let carol: Octokit;
let work: string;

function filesOf(root: string, under = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(under, relative(root, join(e.parentPath, e.name)))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

/** The source discovery/discovery_report.json of the example describes: 300 customers, 900 orders. */
async function makeSource(path: string): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    await c.run(`CREATE TABLE main.customers (customer_id INTEGER PRIMARY KEY, email VARCHAR, full_name VARCHAR, created_at TIMESTAMPTZ NOT NULL, is_active BOOLEAN NOT NULL);
      CREATE TABLE main.orders (order_id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL, amount DECIMAL(12,2) NOT NULL, status VARCHAR NOT NULL, ordered_at TIMESTAMP NOT NULL, note VARCHAR);
      INSERT INTO main.customers SELECT i, 'c' || i || '@example.com', 'Customer ' || i, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i), i % 3 <> 0 FROM range(1, 301) t(i);
      INSERT INTO main.orders SELECT i, 1 + i % 300, (i % 977) * 1.25, CASE WHEN i % 5 = 0 THEN 'cancelled' ELSE 'paid' END,
        TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 7), CASE WHEN i % 11 = 0 THEN NULL ELSE 'n' || i END FROM range(1, 901) t(i);`);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mc-rehearsal-ci-'));
  const source = join(work, 'source.duckdb');
  await makeSource(source);
  gh = await startPlayground({});
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/orders', {
    files: { ...filesOf(new URL('../../../examples/demo-migration', import.meta.url).pathname), ...filesOf(new URL('../../../templates/.github', import.meta.url).pathname, '.github') },
    private: true,
  });
  gh.actions.setSecret('acme/orders', 'SOURCE_URL', `duckdb:${source}`);
  carol = gh.people.as('carol').octokit;
}, 60_000);

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});

/** Opens a pull request of `files` on `branch`; returns the rehearsal check run on its head and the run's log. */
async function rehearsed(branch: string, files: Record<string, string>) {
  const head = await gh.people.as('carol').push('acme/orders', branch, files, `Change on ${branch}`);
  await carol.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch });
  await gh.actions.idle();
  const run = gh.actions.runs.find((r) => r.headSha === head && r.workflowName === 'migration-ci')!;
  const { data } = await carol.rest.checks.listForRef({ ...o, ref: head, check_name: 'migration/rehearsal' });
  expect(data.check_runs).toHaveLength(1);
  return { check: data.check_runs[0]!, log: gh.actions.log(run.id), run };
}

describe('the rehearsal in migration-ci.yml', () => {
  it('reports migration/rehearsal with success: rows sampled and loaded per table, reconciliation passed; the dry run is labelled unsigned', async () => {
    const { check, log } = await rehearsed('plan-note', { 'contracts/NOTE.md': 'why\n' });
    expect(check, log).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(check.output.title).toMatch(/^Rehearsal passed: \d+ sampled rows in 2 table\(s\), reconciliation pass/);
    expect(check.output.summary).toMatch(/\| copy-customers \| `main\.customers` \| `main\.customers` \| (\d+) \| \1 \|/);
    expect(check.output.summary).toMatch(/\| copy-orders \| `main\.orders` \| `main\.orders` \| (\d+) \| \1 \|/);
    expect(check.output.summary).toContain('Nothing was written to the duckdb target.');
    expect(check.output.summary).toContain('Reconciliation: **pass**, 2 of 2 table(s) pass.');
    expect(log).toContain('rehearsal: passed; nothing was written to the target');
    expect(log).toMatch(/UNSIGNED PLAN: plans\/migration_plan\.json at [0-9a-f]{12}, not signed/);
    expect(log).toMatch(/copy-orders \[copy_table\] main\.orders -> main\.orders, ~\d[\d,]* rows/);
  }, 240_000);

  it('reports failure, naming the step and what to do, when the pull request breaks the plan', async () => {
    const mapping = readFileSync(new URL('../../../examples/demo-migration/contracts/schema_mapping.yml', import.meta.url), 'utf8')
      .replace('rule: duck-duck.varchar, pii: pii, masking: none, decision: md-001 }', 'rule: duck-duck.varchar, pii: pii, masking: none, decision: md-001, cast: "CAST({col} AS INTEGER)" }');
    const { check, log, run } = await rehearsed('plan-broken', { 'contracts/schema_mapping.yml': mapping });
    expect(check, log).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check.output.title).toBe('Rehearsal failed: copy-customers');
    expect(check.output.summary).toMatch(/\*\*copy-customers\*\*: .*INT/);
    expect(check.output.summary).toContain('what to do: ');
    expect(run.conclusion).toBe('failure');
  }, 240_000);
});

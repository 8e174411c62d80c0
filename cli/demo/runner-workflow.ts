// The runner's side of the demo: the pushed plan/v<N> tag starts .github/workflows/migration-runner.yml,
// which is templates/.github/workflows/migration-runner.yml as `init` installs it, and the simulator runs that
// file for real, as GitHub Actions would: each job a fresh checkout of the tag with the run's token and its
// `run:` steps with bash, `migration-copilot execute` among them (plan gate, steps, reconciliation, evidence
// pull request). Before the run, the demo plays the repository's admin: it makes the source DuckDB database
// the example plan reads (customers and orders as discovery/discovery_report.json describes them) and stores
// SOURCE_URL and TARGET_URL as the repository's Actions secrets. Afterwards it reads the full plan gate on the
// execute job's checkout, to show each check, and keeps a copy of that checkout in the work folder.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CopilotError } from '../../core/errors.js';
import type { WorkflowContext, WorkflowHandler } from '../../playground/index.js';
import { runPlanGate } from '../../runner/gate/plan-gate.js';
import { githubCommitVerification } from '../../runner/github/commit-verification.js';
import type { RunnerOutcome } from './context.js';

/** The source database of examples/demo-migration: 1,000 customers and 5,000 orders. */
async function makeSource(path: string): Promise<void> {
  if (existsSync(path)) return;
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    await c.run(`CREATE TABLE main.customers (customer_id INTEGER PRIMARY KEY, email VARCHAR, full_name VARCHAR,
      created_at TIMESTAMPTZ NOT NULL, is_active BOOLEAN NOT NULL)`);
    await c.run(`CREATE TABLE main.orders (order_id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL, amount DECIMAL(12,2) NOT NULL,
      status VARCHAR NOT NULL, ordered_at TIMESTAMP NOT NULL, note VARCHAR)`);
    await c.run(`INSERT INTO main.customers SELECT i, 'c' || i || '@example.com', 'Customer ' || i,
      TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i), i % 3 <> 0 FROM range(1, 1001) t(i)`);
    await c.run(`INSERT INTO main.orders SELECT i, 1 + i % 1000, (i % 977) * 1.25, CASE WHEN i % 5 = 0 THEN 'cancelled' ELSE 'paid' END,
      TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 7), CASE WHEN i % 11 = 0 THEN NULL ELSE 'n' || i END FROM range(1, 5001) t(i)`);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export function runnerWorkflow(work: string, outcomes: RunnerOutcome[]): WorkflowHandler {
  return async (ctx: WorkflowContext) => {
    const run = { runId: ctx.runId, ref: ctx.ref };
    const version = /^refs\/tags\/plan\/v([1-9][0-9]*)$/.exec(ctx.ref)?.[1];
    try {
      if (!version) throw new Error(`${ctx.ref} is not a plan tag`);
      const source = join(work, 'source.duckdb');
      await makeSource(source);
      ctx.setSecret('SOURCE_URL', `duckdb:${source}`);
      ctx.setSecret('TARGET_URL', `duckdb:${join(work, 'target.duckdb')}`);
      const { conclusion, jobs } = await ctx.runFile();
      const failed = jobs.find((j) => j.conclusion === 'failure');
      if (conclusion !== 'success' || failed) {
        const step = failed?.steps.find((s) => s.conclusion === 'failure');
        throw new CopilotError('PLAN_REFUSED', `workflow run ${ctx.runId} failed${failed ? ` in job ${failed.name}${step ? `, step "${step.name}"` : ''}` : ''}:\n${(failed?.log ?? '').trim().split('\n').slice(-12).join('\n')}`);
      }
      const workspace = (jobs.find((j) => j.key === 'execute' && j.workspace) ?? jobs.find((j) => j.workspace))?.workspace;
      if (!workspace) throw new Error(`workflow run ${ctx.runId} checked nothing out`);
      const dir = join(work, `runner-${ctx.runId}`);
      cpSync(workspace, dir, { recursive: true });
      const result = await runPlanGate({
        repoDir: dir, version: Number(version),
        commitVerification: githubCommitVerification({ token: ctx.token, apiUrl: ctx.apiUrl, repository: `${ctx.repository.owner}/${ctx.repository.name}` }),
      });
      outcomes.push({ ...run, result, dir });
      return result.ok ? 'success' : 'failure';
    } catch (error) {
      outcomes.push({ ...run, error });
      return 'failure';
    }
  };
}

// The runner's side of the demo: the handler the simulator runs for .github/workflows/migration-runner.yml
// when a plan/v<N> tag is pushed, as GitHub Actions would. Like a runner job it starts from nothing: a fresh
// clone with the run's repository token, then the full plan gate (tag, commit and SignedPlan checks).
import { join } from 'node:path';
import type { WorkflowContext, WorkflowHandler } from '../../playground/index.js';
import { runPlanGate } from '../../runner/gate/plan-gate.js';
import { githubCommitVerification } from '../../runner/github/commit-verification.js';
import type { RunnerOutcome } from './context.js';
import { clone } from './git.js';

export function runnerWorkflow(work: string, outcomes: RunnerOutcome[]): WorkflowHandler {
  return async (ctx: WorkflowContext) => {
    const run = { runId: ctx.runId, ref: ctx.ref };
    const version = /^refs\/tags\/plan\/v([1-9][0-9]*)$/.exec(ctx.ref)?.[1];
    try {
      if (!version) throw new Error(`${ctx.ref} is not a plan tag`);
      const dir = join(work, `runner-${ctx.runId}`);
      await clone(`${ctx.gitUrl}/${ctx.repository.owner}/${ctx.repository.name}.git`, dir, ctx.token);
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

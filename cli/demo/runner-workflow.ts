// The runner's side of the demo: the pushed plan/v<N> tag starts .github/workflows/migration-runner.yml,
// and the simulator runs that file for real, as GitHub Actions would: a fresh checkout of the tag with the
// run's token, then its `run:` steps with bash (the plan gate's file checks through `migration-copilot
// verify`; see repo-content.ts). The demo then reads the full plan gate (tag, commit and SignedPlan
// checks) on that same checkout to show each check, and keeps a copy of it in the work folder.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import type { WorkflowContext, WorkflowHandler } from '../../playground/index.js';
import { runPlanGate } from '../../runner/gate/plan-gate.js';
import { githubCommitVerification } from '../../runner/github/commit-verification.js';
import type { RunnerOutcome } from './context.js';

export function runnerWorkflow(work: string, outcomes: RunnerOutcome[]): WorkflowHandler {
  return async (ctx: WorkflowContext) => {
    const run = { runId: ctx.runId, ref: ctx.ref };
    const version = /^refs\/tags\/plan\/v([1-9][0-9]*)$/.exec(ctx.ref)?.[1];
    try {
      if (!version) throw new Error(`${ctx.ref} is not a plan tag`);
      const { conclusion, jobs } = await ctx.runFile();
      const failed = jobs.find((j) => j.conclusion === 'failure');
      if (conclusion !== 'success' || failed) {
        const step = failed?.steps.find((s) => s.conclusion === 'failure');
        throw new CopilotError('PLAN_REFUSED', `workflow run ${ctx.runId} failed${failed ? ` in job ${failed.name}${step ? `, step "${step.name}"` : ''}` : ''}:\n${(failed?.log ?? '').trim().split('\n').slice(-12).join('\n')}`);
      }
      const workspace = jobs.find((j) => j.workspace)?.workspace;
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

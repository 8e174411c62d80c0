// workflow_dispatch through the REST API: starts the workflow at a ref when its file has that trigger.
import { workflowRunShape } from '../actions/shapes.js';
import { readCommit } from '../git/history.js';
import { GhError, notFound } from '../server/errors.js';
import { noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { Repo, WorkflowRun } from '../state/types.js';
import { callerLogin, intParam, paginate, repoFor, writableRepo } from './common.js';

function runShape(ctx: RequestContext, repo: Repo, run: WorkflowRun): Record<string, unknown> {
  return workflowRunShape(ctx.sim, repo, run, { path: run.workflowPath, name: run.workflowName, on: {} }, readCommit(repo.dir, run.headSha)!);
}

export const actionRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/runs', operationId: 'actions/list-workflow-runs-for-repo',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const q = ctx.query;
      const runs = ctx.sim.actions.runs.filter((r) => r.repoId === repo.id && (!q.get('event') || r.event === q.get('event'))
        && (!q.get('status') || r.status === q.get('status') || r.conclusion === q.get('status'))
        && (!q.get('branch') || r.headBranch === q.get('branch')) && (!q.get('head_sha') || r.headSha === q.get('head_sha'))).reverse();
      return paginate(ctx, runs, 200, (page) => ({ total_count: runs.length, workflow_runs: page.map((r) => runShape(ctx, repo, r)) }));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}', operationId: 'actions/get-workflow-run',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const run = ctx.sim.store.workflowRuns.get(intParam(ctx, 'run_id'));
      if (!run || run.repoId !== repo.id) throw notFound();
      return ok(runShape(ctx, repo, run));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', operationId: 'actions/create-workflow-dispatch',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const run = ctx.sim.actions.dispatch(repo, ctx.params.workflow_id!, ctx.body.ref, ctx.body.inputs ?? {}, callerLogin(ctx));
      if (run === undefined) throw notFound();
      if (run === false) throw new GhError(422, "Workflow does not have 'workflow_dispatch' trigger");
      return noContent();
    },
  },
];

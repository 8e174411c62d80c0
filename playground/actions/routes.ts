// The REST side of workflow runs that lives with the executor: a run's jobs (with their steps), one job,
// and the repository's Actions secrets by name (values are never served, as on GitHub).
import { notFound } from '../server/errors.js';
import { noContent, ok, type Route } from '../server/route.js';
import { intParam, paginate, repoFor, writableRepo } from '../api/common.js';
import { jobShape } from './job-state.js';

export const workflowJobRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', operationId: 'actions/list-jobs-for-workflow-run',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const run = ctx.sim.store.workflowRuns.get(intParam(ctx, 'run_id'));
      if (!run || run.repoId !== repo.id) throw notFound();
      const jobs = ctx.sim.actions.jobsOf(run.id);
      return paginate(ctx, jobs, 200, (page) => ({ total_count: jobs.length, jobs: page.map((j) => jobShape(ctx.sim, repo, run, j)) }));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/jobs/{job_id}', operationId: 'actions/get-job-for-workflow-run',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const job = ctx.sim.actions.jobs.get(intParam(ctx, 'job_id'));
      const run = job && ctx.sim.store.workflowRuns.get(job.runId);
      if (!job || !run || run.repoId !== repo.id) throw notFound();
      return ok(jobShape(ctx.sim, repo, run, job));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/secrets', operationId: 'actions/list-repo-secrets',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const secrets = ctx.sim.actions.secrets.list(repo.id);
      return paginate(ctx, secrets, 200, (page) => ({
        total_count: secrets.length, secrets: page.map((s) => ({ name: s.name, created_at: s.createdAt, updated_at: s.updatedAt })),
      }));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/secrets/{secret_name}', operationId: 'actions/get-repo-secret',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const s = ctx.sim.actions.secrets.list(repo.id).find((x) => x.name === ctx.params.secret_name!.toUpperCase());
      if (!s) throw notFound();
      return ok({ name: s.name, created_at: s.createdAt, updated_at: s.updatedAt });
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/actions/secrets/{secret_name}', operationId: 'actions/delete-repo-secret',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      if (!ctx.sim.actions.secrets.delete(repo.id, ctx.params.secret_name!)) throw notFound();
      return noContent();
    },
  },
];

// Check runs: create, update (annotations are appended, at most 50 per request, as on GitHub), get, list
// for a ref, list annotations, rerequest. Only an app (installation token) may create or update them.
import { GhError, notFound } from '../server/errors.js';
import { created, ok, type RequestContext, type Route } from '../server/route.js';
import { ensureSuite } from '../state/check-suites.js';
import type { Annotation, CheckRun, CheckSuite, Repo } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, writableRepo } from './common.js';
import { resolveCommit } from './resolve.js';
import { checkRunShape, checkSuiteShape } from './shapes-checks.js';

function requireApp(ctx: RequestContext): void {
  // A workflow's GITHUB_TOKEN is an app installation token on GitHub (the GitHub Actions app's).
  if (ctx.actor.kind !== 'installation' && !(ctx.actor.kind === 'user' && ctx.actor.permissions)) throw new GhError(403, 'You must authenticate via a GitHub App.');
}

function suiteFor(ctx: RequestContext, repo: Repo, headSha: string): CheckSuite {
  const branch = ctx.sim.store.pullsOf(repo.id).find((p) => p.head.sha === headSha)?.head.ref ?? null;
  return ensureSuite(ctx.sim, repo, headSha, branch).suite;
}

function applyOutput(run: CheckRun, output: Record<string, unknown> | undefined): void {
  if (!output) return;
  const annotations = (output.annotations as Annotation[] | undefined) ?? [];
  if (annotations.length > 50) throw new GhError(422, 'Only 50 annotations are allowed per request; send the rest in further updates.');
  if (output.title !== undefined) run.output.title = output.title as string;
  if (output.summary !== undefined) run.output.summary = output.summary as string;
  if (output.text !== undefined) run.output.text = output.text as string;
  run.output.annotations.push(...annotations);
}

/** GitHub announces a check suite as completed once every run in it has completed. */
function announceCompleted(ctx: RequestContext, repo: Repo, run: CheckRun): void {
  const sender = callerLogin(ctx);
  emitRepoEvent(ctx.sim, repo, 'check_run', sender, { action: 'completed', check_run: checkRunShape(ctx.sim, repo, run) });
  const runs = [...ctx.sim.store.checkRuns.values()].filter((r) => r.suiteId === run.suiteId);
  if (runs.every((r) => r.status === 'completed')) {
    const suite = ctx.sim.store.checkSuites.get(run.suiteId)!;
    emitRepoEvent(ctx.sim, repo, 'check_suite', sender, { action: 'completed', check_suite: checkSuiteShape(ctx.sim, repo, suite, null) });
  }
}

function runFor(ctx: RequestContext, repo: Repo): CheckRun {
  const run = ctx.sim.store.checkRuns.get(intParam(ctx, 'check_run_id'));
  if (!run || run.repoId !== repo.id) throw notFound();
  return run;
}

function applyStatus(ctx: RequestContext, run: CheckRun): void {
  const b = ctx.body;
  if (b.status) run.status = b.status;
  if (b.conclusion) {
    run.conclusion = b.conclusion;
    run.status = 'completed';
  }
  if (run.status === 'completed') run.completedAt = b.completed_at ?? run.completedAt ?? ctx.sim.store.now();
  if (run.status === 'completed' && !run.conclusion) throw new GhError(422, 'Invalid request.\n\nconclusion is required when status is completed.');
}

export const checkRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/check-runs', operationId: 'checks/create',
    handle: (ctx) => {
      requireApp(ctx);
      const repo = writableRepo(ctx);
      const headSha = resolveCommit(repo, ctx.body.head_sha);
      if (!headSha || headSha !== ctx.body.head_sha) throw new GhError(422, 'No commit found for SHA: ' + String(ctx.body.head_sha));
      const suite = suiteFor(ctx, repo, headSha);
      const run: CheckRun = {
        id: ctx.sim.store.nextId(), repoId: repo.id, suiteId: suite.id, appId: ctx.sim.app.id, headSha, name: ctx.body.name,
        status: 'queued', conclusion: null, startedAt: ctx.body.started_at ?? ctx.sim.store.now(), completedAt: null,
        externalId: ctx.body.external_id ?? null, detailsUrl: ctx.body.details_url ?? null,
        output: { title: null, summary: null, text: null, annotations: [] },
      };
      applyStatus(ctx, run);
      applyOutput(run, ctx.body.output);
      ctx.sim.store.checkRuns.set(run.id, run);
      emitRepoEvent(ctx.sim, repo, 'check_run', callerLogin(ctx), { action: 'created', check_run: checkRunShape(ctx.sim, repo, run) });
      if (run.status === 'completed') announceCompleted(ctx, repo, run);
      return created(checkRunShape(ctx.sim, repo, run));
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', operationId: 'checks/update',
    handle: (ctx) => {
      requireApp(ctx);
      const repo = writableRepo(ctx);
      const run = runFor(ctx, repo);
      const wasCompleted = run.status === 'completed';
      if (ctx.body.name) run.name = ctx.body.name;
      if (ctx.body.details_url) run.detailsUrl = ctx.body.details_url;
      if (ctx.body.external_id) run.externalId = ctx.body.external_id;
      applyStatus(ctx, run);
      applyOutput(run, ctx.body.output);
      if (run.status === 'completed' && !wasCompleted) announceCompleted(ctx, repo, run);
      return ok(checkRunShape(ctx.sim, repo, run));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', operationId: 'checks/get',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return ok(checkRunShape(ctx.sim, repo, runFor(ctx, repo)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', operationId: 'checks/list-annotations',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const run = runFor(ctx, repo);
      const blob = `${ctx.sim.webUrl}/${repo.owner}/${repo.name}/blob/${run.headSha}`;
      return paginate(ctx, run.output.annotations.map((a) => ({
        path: a.path, start_line: a.start_line, end_line: a.end_line, start_column: a.start_column ?? null, end_column: a.end_column ?? null,
        annotation_level: a.annotation_level, title: a.title ?? null, message: a.message, raw_details: a.raw_details ?? null,
        blob_href: `${blob}/${a.path}`,
      })));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/check-runs', operationId: 'checks/list-for-ref',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = resolveCommit(repo, ctx.params.ref);
      if (!sha) throw notFound();
      const name = ctx.query.get('check_name');
      const status = ctx.query.get('status');
      let runs = [...ctx.sim.store.checkRuns.values()].filter((r) => r.repoId === repo.id && r.headSha === sha
        && (!name || r.name === name) && (!status || r.status === status)).sort((a, b) => b.id - a.id);
      if (ctx.query.get('filter') !== 'all') {
        const seen = new Set<string>();
        runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name));
      }
      return paginate(ctx, runs, 200, (page) => ({ total_count: runs.length, check_runs: page.map((r) => checkRunShape(ctx.sim, repo, r)) }));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest', operationId: 'checks/rerequest-run',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const run = runFor(ctx, repo);
      emitRepoEvent(ctx.sim, repo, 'check_run', callerLogin(ctx), { action: 'rerequested', check_run: checkRunShape(ctx.sim, repo, run) });
      return created({});
    },
  },
];

// Commit statuses (the older status API that CI systems and branch protection read) and check suites by
// ref, with re-requesting a suite. A combined status is the worst of each context's latest state.
import { GhError, notFound } from '../server/errors.js';
import { created, ok, type RequestContext, type Route } from '../server/route.js';
import type { CommitStatus, Repo } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, writableRepo } from './common.js';
import { resolveCommit } from './resolve.js';
import { checkSuiteShape, suiteRestShape } from './shapes-checks.js';
import { commitShape } from './shapes-git.js';
import { nodeId, repoShape, userShape } from './shapes.js';

function statusShape(ctx: RequestContext, repo: Repo, s: CommitStatus): Record<string, unknown> {
  return {
    url: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`, avatar_url: null, id: s.id, node_id: nodeId('StatusContext', s.id),
    state: s.state, description: s.description, target_url: s.targetUrl, context: s.context, created_at: s.createdAt, updated_at: s.createdAt,
    creator: userShape(ctx.sim, s.creator),
  };
}

function commitFor(ctx: RequestContext, repo: Repo): string {
  const sha = resolveCommit(repo, ctx.params.ref);
  if (!sha) throw new GhError(422, `No commit found for SHA: ${ctx.params.ref}`);
  return sha;
}

/** Each context's latest status on a commit, newest first. */
export function latestStatuses(ctx: { sim: RequestContext['sim'] }, repo: Repo, sha: string): CommitStatus[] {
  const all = [...ctx.sim.store.statuses.values()].filter((s) => s.repoId === repo.id && s.sha === sha).sort((a, b) => b.id - a.id);
  const seen = new Set<string>();
  return all.filter((s) => !seen.has(s.context) && seen.add(s.context));
}

export const statusRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/statuses/{sha}', operationId: 'repos/create-commit-status',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const sha = resolveCommit(repo, ctx.params.sha);
      if (!sha || sha !== ctx.params.sha) throw new GhError(422, `No commit found for SHA: ${ctx.params.sha}`);
      const status: CommitStatus = {
        id: ctx.sim.store.nextId(), repoId: repo.id, sha, state: ctx.body.state, context: ctx.body.context ?? 'default',
        description: ctx.body.description ?? null, targetUrl: ctx.body.target_url ?? null, creator: callerLogin(ctx), createdAt: ctx.sim.store.now(),
      };
      ctx.sim.store.statuses.set(status.id, status);
      const shape = statusShape(ctx, repo, status);
      // The status webhook's commit is the REST commit whose verification has no verified_at.
      const commit = commitShape(ctx.sim, repo, sha) as { commit: { verification: Record<string, unknown> } };
      const { verified_at: _v, ...verification } = commit.commit.verification;
      emitRepoEvent(ctx.sim, repo, 'status', status.creator, {
        id: status.id, sha, name: `${repo.owner}/${repo.name}`, target_url: status.targetUrl, context: status.context,
        description: status.description, state: status.state, commit: { ...commit, commit: { ...commit.commit, verification } }, branches: [], created_at: status.createdAt, updated_at: status.createdAt,
      });
      return { status: 201, body: shape, headers: { location: shape.url as string } };
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/statuses', operationId: 'repos/list-commit-statuses-for-ref',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = commitFor(ctx, repo);
      const list = [...ctx.sim.store.statuses.values()].filter((s) => s.repoId === repo.id && s.sha === sha).sort((a, b) => b.id - a.id);
      return paginate(ctx, list, 200, (page) => page.map((s) => statusShape(ctx, repo, s)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/status', operationId: 'repos/get-combined-status-for-ref',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = commitFor(ctx, repo);
      const latest = latestStatuses(ctx, repo, sha);
      const state = latest.length === 0 ? 'pending' : latest.some((s) => s.state === 'error' || s.state === 'failure') ? 'failure'
        : latest.some((s) => s.state === 'pending') ? 'pending' : 'success';
      const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
      return ok({
        state, sha, total_count: latest.length, statuses: latest.map((s) => {
          const { creator: _c, ...simple } = statusShape(ctx, repo, s);
          return { ...simple, required: false };
        }),
        repository: repoShape(ctx.sim, repo), commit_url: `${api}/commits/${sha}`, url: `${api}/commits/${sha}/status`,
      });
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/check-suites', operationId: 'checks/list-suites-for-ref',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const sha = resolveCommit(repo, ctx.params.ref);
      if (!sha) throw notFound();
      const suites = [...ctx.sim.store.checkSuites.values()].filter((s) => s.repoId === repo.id && s.headSha === sha);
      return paginate(ctx, suites, 200, (page) => ({ total_count: suites.length, check_suites: page.map((s) => suiteRestShape(ctx.sim, repo, s)) }));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/check-suites/{check_suite_id}', operationId: 'checks/get-suite',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const suite = ctx.sim.store.checkSuites.get(intParam(ctx, 'check_suite_id'));
      if (!suite || suite.repoId !== repo.id) throw notFound();
      return ok(suiteRestShape(ctx.sim, repo, suite));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest', operationId: 'checks/rerequest-suite',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const suite = ctx.sim.store.checkSuites.get(intParam(ctx, 'check_suite_id'));
      if (!suite || suite.repoId !== repo.id) throw notFound();
      // The rerequested payload's suite has no rerequestable flags (GitHub's webhook schema forbids them there).
      const { rerequestable: _r, runs_rerequestable: _rr, ...shape } = checkSuiteShape(ctx.sim, repo, suite, null);
      emitRepoEvent(ctx.sim, repo, 'check_suite', callerLogin(ctx), { action: 'rerequested', check_suite: shape });
      return created({});
    },
  },
];

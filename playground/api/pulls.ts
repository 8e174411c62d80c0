// Pull requests: create, get, list, update, files, commits, merge (any writer may merge through the
// API, as on GitHub; the merge is recorded with merged_by and in the request log).
import { filePatches, formatPatch, unifiedDiff } from '../git/diff.js';
import { mergeBase } from '../git/history.js';
import { readRef } from '../git/refs.js';
import { invalid, notFound } from '../server/errors.js';
import { created, noContent, ok, type RequestContext, type Route } from '../server/route.js';
import { codeownerRequests } from '../state/codeowners.js';
import { fetchPullHead, sourceOf } from '../state/forks.js';
import { mergePull } from '../state/merge.js';
import type { Pull, Repo } from '../state/types.js';
import type { Sim } from '../sim.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, writableRepo } from './common.js';
import { compareCommits } from './pull-stats.js';
import { diffEntry } from './repos.js';
import { commitShape } from './shapes-git.js';
import { pullShape, pullSimpleShape, teamRef } from './shapes-pulls.js';
import { userShape } from './shapes.js';

export function pullFor(ctx: RequestContext, repo: Repo): Pull {
  const pull = ctx.sim.store.pull(repo.id, intParam(ctx, 'pull_number'));
  if (!pull) throw notFound();
  return pull;
}

/** The repository a head ("branch" or "owner:branch") lives in: the base repository or a fork of it in its network. */
function headRepoOf(sim: Sim, repo: Repo, head: string): { headRepo: Repo; headRef: string } {
  const colon = head.indexOf(':');
  if (colon < 0) return { headRepo: repo, headRef: head };
  const owner = head.slice(0, colon).toLowerCase();
  const headRef = head.slice(colon + 1);
  if (owner === repo.owner.toLowerCase()) return { headRepo: repo, headRef };
  const fork = [...sim.store.repos.values()].find((r) => r.owner.toLowerCase() === owner && sourceOf(sim, r).id === sourceOf(sim, repo).id);
  if (!fork) throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  return { headRepo: fork, headRef };
}

export function openPull(sim: Sim, repo: Repo, user: string, input: { title: string; body?: string | null; head: string; base: string; draft?: boolean }): Pull {
  const { headRepo, headRef } = headRepoOf(sim, repo, input.head);
  const fromFork = headRepo.id !== repo.id;
  const headSha = readRef(headRepo.dir, `refs/heads/${headRef}`);
  const baseSha = readRef(repo.dir, `refs/heads/${input.base}`);
  if (!headSha) throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  if (!baseSha) throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  for (const p of sim.store.pullsOf(repo.id)) {
    if (p.head.ref === headRef && (p.head.repoId ?? repo.id) === headRepo.id && p.base.ref === input.base && sim.store.issue(repo.id, p.number)?.state === 'open') {
      throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'custom', message: `A pull request already exists for ${headRepo.owner}:${headRef}.` }]);
    }
  }
  // The fork's commits come into the base repository under refs/pull/N/head, as on GitHub.
  const number = repo.nextNumber;
  if (fromFork) fetchPullHead(repo, headRepo, headSha, number);
  if (compareCommits(repo, baseSha, headSha).commits === 0) {
    throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'custom', message: `No commits between ${input.base} and ${input.head}` }]);
  }
  const now = sim.store.now();
  repo.nextNumber++;
  const issueId = sim.store.nextId();
  sim.store.addIssue({ id: issueId, repoId: repo.id, number, user, title: input.title, body: input.body ?? null, state: 'open', createdAt: now, updatedAt: now, closedAt: null, isPull: true });
  const pull: Pull = {
    id: sim.store.nextId(), repoId: repo.id, number, issueId, user,
    head: { ref: headRef, sha: headSha, ...(fromFork ? { repoId: headRepo.id } : {}) }, base: { ref: input.base, sha: baseSha },
    draft: input.draft ?? false, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null, requestedReviewers: [], requestedTeams: [],
  };
  const requests = codeownerRequests(repo, pull);
  pull.requestedReviewers.push(...requests.users);
  pull.requestedTeams.push(...requests.teams);
  sim.store.addPull(pull);
  emitRepoEvent(sim, repo, 'pull_request', user, { action: 'opened', number, pull_request: pullShape(sim, repo, pull, true) });
  sim.defer(() => sim.actions.onPullRequest(repo, pull, 'opened', user));
  // GitHub requests the code owners' reviews itself and announces each request, with the author as sender.
  for (const login of requests.users) {
    sim.store.addEvent({ repoId: repo.id, issueNumber: number, event: 'review_requested', actor: user, reviewer: login });
    emitRepoEvent(sim, repo, 'pull_request', user, { action: 'review_requested', number, pull_request: pullShape(sim, repo, pull, true), requested_reviewer: userShape(sim, login) });
  }
  for (const slug of requests.teams) {
    sim.store.addEvent({ repoId: repo.id, issueNumber: number, event: 'review_requested', actor: user, team: slug });
    const { type: _type, ...team } = teamRef(sim, repo.owner, slug);
    emitRepoEvent(sim, repo, 'pull_request', user, { action: 'review_requested', number, pull_request: pullShape(sim, repo, pull, true), requested_team: team });
  }
  return pull;
}

/** Review requests by the PR's writers (the app too): each new one is announced with review_requested. */
function requestReviewers(ctx: RequestContext, add: boolean): ReturnType<Route['handle']> {
  const repo = writableRepo(ctx);
  const pull = pullFor(ctx, repo);
  const sender = callerLogin(ctx);
  const users: string[] = ctx.body?.reviewers ?? [];
  const teams: string[] = ctx.body?.team_reviewers ?? [];
  for (const login of users) {
    if (!ctx.sim.store.account(login)) throw invalid('Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.');
    if (add && login.toLowerCase() === pull.user.toLowerCase()) throw invalid('Review cannot be requested from pull request author.');
  }
  for (const slug of teams) if (!ctx.sim.store.team(repo.owner, slug)) throw invalid('Reviews may only be requested from collaborators.');
  const action = add ? 'review_requested' : 'review_request_removed';
  for (const login of users) {
    const has = pull.requestedReviewers.some((r) => r.toLowerCase() === login.toLowerCase());
    if (add === has) continue;
    pull.requestedReviewers = add ? [...pull.requestedReviewers, ctx.sim.store.account(login)!.login]
      : pull.requestedReviewers.filter((r) => r.toLowerCase() !== login.toLowerCase());
    if (add) ctx.sim.store.addEvent({ repoId: repo.id, issueNumber: pull.number, event: 'review_requested', actor: sender, reviewer: ctx.sim.store.account(login)!.login });
    emitRepoEvent(ctx.sim, repo, 'pull_request', sender, { action, number: pull.number, pull_request: pullShape(ctx.sim, repo, pull, true), requested_reviewer: userShape(ctx.sim, login) });
  }
  for (const slug of teams) {
    if (add === pull.requestedTeams.includes(slug)) continue;
    pull.requestedTeams = add ? [...pull.requestedTeams, slug] : pull.requestedTeams.filter((t) => t !== slug);
    const { type: _type, ...team } = teamRef(ctx.sim, repo.owner, slug);
    emitRepoEvent(ctx.sim, repo, 'pull_request', sender, { action, number: pull.number, pull_request: pullShape(ctx.sim, repo, pull, true), requested_team: team });
  }
  return add ? created(pullSimpleShape(ctx.sim, repo, pull)) : ok(pullSimpleShape(ctx.sim, repo, pull));
}

export const pullRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', operationId: 'pulls/request-reviewers',
    handle: (ctx) => requestReviewers(ctx, true),
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', operationId: 'pulls/remove-requested-reviewers',
    handle: (ctx) => requestReviewers(ctx, false),
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', operationId: 'pulls/list-requested-reviewers',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      return ok({ users: pull.requestedReviewers.map((l) => userShape(ctx.sim, l)), teams: pull.requestedTeams.map((t) => teamRef(ctx.sim, repo.owner, t)) });
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls', operationId: 'pulls/create',
    handle: (ctx) => {
      // Anyone who can read the repository may propose a change (from a fork); an app needs write access.
      const repo = ctx.actor.kind === 'user' ? repoFor(ctx) : writableRepo(ctx);
      const pull = openPull(ctx.sim, repo, callerLogin(ctx), ctx.body);
      return created(pullShape(ctx.sim, repo, pull));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls', operationId: 'pulls/list',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const head = ctx.query.get('head');
      const base = ctx.query.get('base');
      const pulls = ctx.sim.store.pullsOf(repo.id).filter((p) => {
        const issue = ctx.sim.store.issue(repo.id, p.number)!;
        return (state === 'all' || issue.state === state) && (!head || head === `${ctx.sim.store.repos.get(p.head.repoId ?? repo.id)?.owner ?? repo.owner}:${p.head.ref}` || head === p.head.ref)
          && (!base || base === p.base.ref);
      });
      return paginate(ctx, pulls, 200, (page) => page.map((p) => pullSimpleShape(ctx.sim, repo, p)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}', operationId: 'pulls/get',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      // The diff and patch media types answer text, as GitHub does (application/vnd.github.diff / .patch).
      const accept = String(ctx.headers.accept ?? '');
      if (/vnd\.github(\.v3)?\.(diff|patch)/.test(accept)) {
        const base = mergeBase(repo.dir, pull.base.sha, pull.head.sha) ?? pull.base.sha;
        const patch = accept.includes('.patch');
        const text = patch ? formatPatch(repo.dir, base, pull.head.sha) : unifiedDiff(repo.dir, base, pull.head.sha);
        return { status: 200, raw: { data: Buffer.from(text), contentType: `application/vnd.github.${patch ? 'patch' : 'diff'}; charset=utf-8` } };
      }
      return ok(pullShape(ctx.sim, repo, pull));
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/pulls/{pull_number}', operationId: 'pulls/update',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const pull = pullFor(ctx, repo);
      const issue = ctx.sim.store.issue(repo.id, pull.number)!;
      const now = ctx.sim.store.now();
      const before = { title: issue.title, body: issue.body, state: issue.state };
      if (typeof ctx.body.title === 'string') issue.title = ctx.body.title;
      if (ctx.body.body !== undefined) issue.body = ctx.body.body;
      if (ctx.body.base) {
        const sha = readRef(repo.dir, `refs/heads/${ctx.body.base}`);
        if (!sha) throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        pull.base = { ref: ctx.body.base, sha };
      }
      let action = 'edited';
      if (ctx.body.state && ctx.body.state !== issue.state) {
        if (pull.merged) throw invalid('Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid', message: 'merged pull requests cannot be reopened' }]);
        issue.state = ctx.body.state;
        issue.closedAt = issue.state === 'closed' ? now : null;
        action = issue.state === 'closed' ? 'closed' : 'reopened';
        ctx.sim.store.addEvent({ repoId: repo.id, issueNumber: pull.number, event: action as 'closed' | 'reopened', actor: callerLogin(ctx) });
      }
      issue.updatedAt = now;
      const changes: Record<string, unknown> = {};
      if (before.title !== issue.title) changes.title = { from: before.title };
      if (before.body !== issue.body) changes.body = { from: before.body ?? '' };
      const payload: Record<string, unknown> = { action, number: pull.number, pull_request: pullShape(ctx.sim, repo, pull, true) };
      if (action === 'edited') payload.changes = changes;
      emitRepoEvent(ctx.sim, repo, 'pull_request', callerLogin(ctx), payload);
      if (action === 'reopened') ctx.sim.defer(() => ctx.sim.actions.onPullRequest(repo, pull, 'reopened', callerLogin(ctx)));
      return ok(pullShape(ctx.sim, repo, pull));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/files', operationId: 'pulls/list-files',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      const base = mergeBase(repo.dir, pull.base.sha, pull.head.sha) ?? pull.base.sha;
      const patches = filePatches(repo.dir, base, pull.head.sha);
      const files = compareCommits(repo, pull.base.sha, pull.head.sha).files.map((f) => diffEntry(ctx, repo, f, pull.head.sha, patches));
      return paginate(ctx, files);
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/commits', operationId: 'pulls/list-commits',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      const shas = compareCommits(repo, pull.base.sha, pull.head.sha).commitShas;
      return paginate(ctx, shas, 200, (page) => page.map((s) => commitShape(ctx.sim, repo, s)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge', operationId: 'pulls/check-if-merged',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      if (!pullFor(ctx, repo).merged) throw notFound();
      return noContent();
    },
  },
  {
    method: 'PUT', path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge', operationId: 'pulls/merge',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const pull = pullFor(ctx, repo);
      const sha = mergePull(ctx.sim, repo, pull, callerLogin(ctx), {
        method: ctx.body?.merge_method, title: ctx.body?.commit_title, message: ctx.body?.commit_message, sha: ctx.body?.sha,
      });
      return ok({ sha, merged: true, message: 'Pull Request successfully merged' });
    },
  },
];


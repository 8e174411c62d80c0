// Labels: the repository's (list, create, get) and those on an issue or pull request (list, add, set,
// remove one, remove all). Adding a label the repository does not have creates it, as GitHub does; each
// change is announced (issues or pull_request, labeled/unlabeled) and kept for the timeline.
import { GhError, notFound } from '../server/errors.js';
import { created, noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { Issue, Label, Repo } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, triageRepo } from './common.js';
import { issueShape, labelShape, pullShape } from './shapes-pulls.js';

function ensureLabel(ctx: RequestContext, repo: Repo, name: string): Label {
  const existing = ctx.sim.store.label(repo.id, name);
  if (existing) return existing;
  const label: Label = { id: ctx.sim.store.nextId(), repoId: repo.id, name, color: 'ededed', description: null };
  ctx.sim.store.labels.set(`${repo.id}/${name.toLowerCase()}`, label);
  return label;
}

function issueFor(ctx: RequestContext, repo: Repo): Issue {
  const issue = ctx.sim.store.issue(repo.id, intParam(ctx, 'issue_number'));
  if (!issue) throw notFound();
  return issue;
}

/** The names asked for, in any of the body forms GitHub accepts: ["a"], {labels: ["a"]}, {labels: [{name: "a"}]}. */
function namesOf(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as { labels?: unknown[] } | undefined)?.labels ?? [];
  return list.map((l) => (typeof l === 'string' ? l : String((l as { name: string }).name)));
}

function announce(ctx: RequestContext, repo: Repo, issue: Issue, action: 'labeled' | 'unlabeled', label: Label): void {
  const sender = callerLogin(ctx);
  ctx.sim.store.addEvent({ repoId: repo.id, issueNumber: issue.number, event: action, actor: sender, label: label.name });
  const labelPayload = labelShape(ctx.sim, repo, label);
  if (issue.isPull) {
    const pull = ctx.sim.store.pull(repo.id, issue.number)!;
    emitRepoEvent(ctx.sim, repo, 'pull_request', sender, { action, number: pull.number, pull_request: pullShape(ctx.sim, repo, pull, true), label: labelPayload });
  } else {
    emitRepoEvent(ctx.sim, repo, 'issues', sender, { action, issue: issueShape(ctx.sim, repo, issue), label: labelPayload });
  }
}

/** Sets an issue's labels to `names` (creating missing labels), announcing each one added or removed. */
export function setLabels(ctx: RequestContext, repo: Repo, issue: Issue, names: string[]): void {
  const current = issue.labels ?? [];
  const wanted = names.map((n) => ensureLabel(ctx, repo, n).name).filter((n, i, all) => all.indexOf(n) === i);
  issue.labels = wanted;
  issue.updatedAt = ctx.sim.store.now();
  for (const name of current) if (!wanted.includes(name)) announce(ctx, repo, issue, 'unlabeled', ctx.sim.store.label(repo.id, name)!);
  for (const name of wanted) if (!current.includes(name)) announce(ctx, repo, issue, 'labeled', ctx.sim.store.label(repo.id, name)!);
}

function labelsOn(ctx: RequestContext, repo: Repo, issue: Issue): Record<string, unknown>[] {
  return (issue.labels ?? []).map((n) => labelShape(ctx.sim, repo, ctx.sim.store.label(repo.id, n)!));
}

export const labelRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/labels', operationId: 'issues/list-labels-for-repo',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const labels = [...ctx.sim.store.labels.values()].filter((l) => l.repoId === repo.id);
      return paginate(ctx, labels, 200, (page) => page.map((l) => labelShape(ctx.sim, repo, l)));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/labels', operationId: 'issues/create-label',
    handle: (ctx) => {
      const repo = triageRepo(ctx);
      if (ctx.sim.store.label(repo.id, ctx.body.name)) {
        throw new GhError(422, 'Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
      }
      const label = ensureLabel(ctx, repo, ctx.body.name);
      label.color = String(ctx.body.color ?? 'ededed').replace(/^#/, '');
      label.description = ctx.body.description ?? null;
      return created(labelShape(ctx.sim, repo, label));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/labels/{name}', operationId: 'issues/get-label',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const label = ctx.sim.store.label(repo.id, ctx.params.name!);
      if (!label) throw notFound();
      return ok(labelShape(ctx.sim, repo, label));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', operationId: 'issues/list-labels-on-issue',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return paginate(ctx, labelsOn(ctx, repo, issueFor(ctx, repo)));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', operationId: 'issues/add-labels',
    handle: (ctx) => {
      const repo = triageRepo(ctx);
      const issue = issueFor(ctx, repo);
      setLabels(ctx, repo, issue, [...(issue.labels ?? []), ...namesOf(ctx.body)]);
      return ok(labelsOn(ctx, repo, issue));
    },
  },
  {
    method: 'PUT', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', operationId: 'issues/set-labels',
    handle: (ctx) => {
      const repo = triageRepo(ctx);
      const issue = issueFor(ctx, repo);
      setLabels(ctx, repo, issue, namesOf(ctx.body));
      return ok(labelsOn(ctx, repo, issue));
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', operationId: 'issues/remove-label',
    handle: (ctx) => {
      const repo = triageRepo(ctx);
      const issue = issueFor(ctx, repo);
      const name = ctx.sim.store.label(repo.id, ctx.params.name!)?.name;
      if (!name || !(issue.labels ?? []).includes(name)) throw new GhError(404, 'Label does not exist');
      setLabels(ctx, repo, issue, (issue.labels ?? []).filter((n) => n !== name));
      return ok(labelsOn(ctx, repo, issue));
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', operationId: 'issues/remove-all-labels',
    handle: (ctx) => {
      const repo = triageRepo(ctx);
      setLabels(ctx, repo, issueFor(ctx, repo), []);
      return noContent();
    },
  },
];

// Issues (create, get, update: title, body, state, labels), issue and pull request comments (create, update,
// delete, list) and reactions.
import { GhError, invalid, notFound } from '../server/errors.js';
import { created, noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { Issue, IssueComment, Repo } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, triageRepo } from './common.js';
import { setLabels } from './labels.js';
import { commentShape, issueShape, pullShape, reactionShape } from './shapes-pulls.js';

const CONTENTS = new Set(['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']);

function issueFor(ctx: RequestContext, repo: Repo): Issue {
  const issue = ctx.sim.store.issue(repo.id, intParam(ctx, 'issue_number'));
  if (!issue) throw notFound();
  return issue;
}

function commentFor(ctx: RequestContext, repo: Repo): IssueComment {
  const comment = ctx.sim.store.comments.get(intParam(ctx, 'comment_id'));
  if (!comment || comment.repoId !== repo.id) throw notFound();
  return comment;
}

export function createIssue(ctx: RequestContext, repo: Repo, user: string, title: string, body: string | null): Issue {
  const now = ctx.sim.store.now();
  const issue: Issue = {
    id: ctx.sim.store.nextId(), repoId: repo.id, number: repo.nextNumber++, user, title, body, state: 'open',
    createdAt: now, updatedAt: now, closedAt: null, isPull: false,
  };
  ctx.sim.store.addIssue(issue);
  emitRepoEvent(ctx.sim, repo, 'issues', user, { action: 'opened', issue: issueShape(ctx.sim, repo, issue) });
  return issue;
}

export function addComment(ctx: RequestContext, repo: Repo, issue: Issue, user: string, body: string): IssueComment {
  const now = ctx.sim.store.now();
  const comment: IssueComment = { id: ctx.sim.store.nextId(), repoId: repo.id, issueNumber: issue.number, user, body, createdAt: now, updatedAt: now };
  ctx.sim.store.comments.set(comment.id, comment);
  issue.updatedAt = now;
  emitRepoEvent(ctx.sim, repo, 'issue_comment', user, {
    action: 'created', issue: issueShape(ctx.sim, repo, issue), comment: commentShape(ctx.sim, repo, comment),
  });
  return comment;
}

function react(ctx: RequestContext, subject: string): ReturnType<Route['handle']> {
  const user = callerLogin(ctx);
  const content: string = ctx.body.content;
  if (!CONTENTS.has(content)) throw new GhError(422, 'Validation Failed', [{ resource: 'Reaction', field: 'content', code: 'invalid' }]);
  const existing = [...ctx.sim.store.reactions.values()].find((r) => r.subject === subject && r.user === user && r.content === content);
  if (existing) return ok(reactionShape(ctx.sim, existing));
  const reaction = { id: ctx.sim.store.nextId(), subject, user, content, createdAt: ctx.sim.store.now() };
  ctx.sim.store.reactions.set(reaction.id, reaction);
  return created(reactionShape(ctx.sim, reaction));
}

function listReactions(ctx: RequestContext, subject: string): ReturnType<Route['handle']> {
  const content = ctx.query.get('content');
  const list = [...ctx.sim.store.reactions.values()].filter((r) => r.subject === subject && (!content || r.content === content));
  return paginate(ctx, list, 200, (page) => page.map((r) => reactionShape(ctx.sim, r)));
}

/** Author or triage and above may edit an issue; a pull request's state belongs to pulls/update, which GitHub also accepts here. */
function updateIssue(ctx: RequestContext): ReturnType<Route['handle']> {
  const repo = repoFor(ctx);
  const issue = issueFor(ctx, repo);
  const user = callerLogin(ctx);
  const author = issue.user.toLowerCase() === user.toLowerCase();
  if (!author) triageRepo(ctx);
  const b = ctx.body ?? {};
  const before = { title: issue.title, body: issue.body, state: issue.state };
  const now = ctx.sim.store.now();
  if (typeof b.title === 'string' || typeof b.title === 'number') issue.title = String(b.title);
  if (b.body !== undefined) issue.body = b.body;
  if (b.labels !== undefined) setLabels(ctx, repo, issue, (b.labels as (string | { name: string })[]).map((l) => (typeof l === 'string' ? l : l.name)));
  const pull = issue.isPull ? ctx.sim.store.pull(repo.id, issue.number) : undefined;
  if (b.state && b.state !== issue.state) {
    if (pull?.merged) throw invalid('Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid', message: 'merged pull requests cannot be reopened' }]);
    issue.state = b.state;
    issue.closedAt = issue.state === 'closed' ? now : null;
  }
  issue.updatedAt = now;
  const changes: Record<string, unknown> = {};
  if (before.title !== issue.title) {
    changes.title = { from: before.title };
    ctx.sim.store.addEvent({ repoId: repo.id, issueNumber: issue.number, event: 'renamed', actor: user, rename: { from: before.title, to: issue.title } });
  }
  if (before.body !== issue.body) changes.body = { from: before.body ?? '' };
  const actions: string[] = [];
  if (Object.keys(changes).length > 0) actions.push('edited');
  if (before.state !== issue.state) {
    actions.push(issue.state === 'closed' ? 'closed' : 'reopened');
    ctx.sim.store.addEvent({ repoId: repo.id, issueNumber: issue.number, event: issue.state === 'closed' ? 'closed' : 'reopened', actor: user });
  }
  for (const action of actions) {
    const extra = action === 'edited' ? { changes } : {};
    if (pull) emitRepoEvent(ctx.sim, repo, 'pull_request', user, { action, number: pull.number, pull_request: pullShape(ctx.sim, repo, pull, true), ...extra });
    else emitRepoEvent(ctx.sim, repo, 'issues', user, { action, issue: issueShape(ctx.sim, repo, issue), ...extra });
  }
  return ok(issueShape(ctx.sim, repo, issue));
}

export const issueRoutes: Route[] = [
  { method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', operationId: 'issues/update', handle: updateIssue },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', operationId: 'issues/delete-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const comment = commentFor(ctx, repo);
      const user = callerLogin(ctx);
      if (comment.user.toLowerCase() !== user.toLowerCase()) triageRepo(ctx);
      const issue = ctx.sim.store.issue(repo.id, comment.issueNumber)!;
      const shape = commentShape(ctx.sim, repo, comment);
      ctx.sim.store.comments.delete(comment.id);
      emitRepoEvent(ctx.sim, repo, 'issue_comment', user, { action: 'deleted', issue: issueShape(ctx.sim, repo, issue), comment: shape });
      return noContent();
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues', operationId: 'issues/create',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return created(issueShape(ctx.sim, repo, createIssue(ctx, repo, callerLogin(ctx), String(ctx.body.title), ctx.body.body ?? null)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}', operationId: 'issues/get',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return ok(issueShape(ctx.sim, repo, issueFor(ctx, repo)));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', operationId: 'issues/create-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const comment = addComment(ctx, repo, issueFor(ctx, repo), callerLogin(ctx), ctx.body.body);
      return { status: 201, body: commentShape(ctx.sim, repo, comment), headers: { location: `${ctx.sim.url}/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}` } };
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', operationId: 'issues/list-comments',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const issue = issueFor(ctx, repo);
      const list = [...ctx.sim.store.comments.values()].filter((c) => c.repoId === repo.id && c.issueNumber === issue.number);
      return paginate(ctx, list, 200, (page) => page.map((c) => commentShape(ctx.sim, repo, c)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', operationId: 'issues/get-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return ok(commentShape(ctx.sim, repo, commentFor(ctx, repo)));
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', operationId: 'issues/update-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const comment = commentFor(ctx, repo);
      const user = callerLogin(ctx);
      if (comment.user.toLowerCase() !== user.toLowerCase() && !ctx.sim.canWrite(repo, ctx.actor)) throw new GhError(403, 'Must have admin rights to Repository.');
      const from = comment.body;
      comment.body = ctx.body.body;
      comment.updatedAt = ctx.sim.store.now();
      const issue = ctx.sim.store.issue(repo.id, comment.issueNumber)!;
      emitRepoEvent(ctx.sim, repo, 'issue_comment', user, {
        action: 'edited', changes: { body: { from } }, issue: issueShape(ctx.sim, repo, issue), comment: commentShape(ctx.sim, repo, comment),
      });
      return ok(commentShape(ctx.sim, repo, comment));
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', operationId: 'reactions/create-for-issue-comment',
    handle: (ctx) => react(ctx, `comment:${commentFor(ctx, repoFor(ctx)).id}`),
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', operationId: 'reactions/list-for-issue-comment',
    handle: (ctx) => listReactions(ctx, `comment:${commentFor(ctx, repoFor(ctx)).id}`),
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/reactions', operationId: 'reactions/create-for-issue',
    handle: (ctx) => react(ctx, `issue:${issueFor(ctx, repoFor(ctx)).id}`),
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/reactions', operationId: 'reactions/list-for-issue',
    handle: (ctx) => listReactions(ctx, `issue:${issueFor(ctx, repoFor(ctx)).id}`),
  },
];

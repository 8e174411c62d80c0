// Issues, issue and pull request comments (create, update, list) and reactions.
import { GhError, notFound } from '../server/errors.js';
import { created, ok, type RequestContext, type Route } from '../server/route.js';
import type { Issue, IssueComment, Repo } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor } from './common.js';
import { commentShape, issueShape, reactionShape } from './shapes-pulls.js';

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

export const issueRoutes: Route[] = [
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

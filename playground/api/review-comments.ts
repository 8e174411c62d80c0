// Pull request review comments: inline comments on a line of the diff (line and side, as GitHub's API
// takes them now; the legacy position too), replies, list, get, edit, delete, each announced with
// pull_request_review_comment. A line outside the diff is refused with GitHub's own words. A standalone
// comment makes a COMMENTED review to hold it, as GitHub does.
import { filePatches, commentableLines } from '../git/diff.js';
import { mergeBase } from '../git/history.js';
import { GhError, notFound } from '../server/errors.js';
import { created, noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { Pull, Repo, ReviewComment } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, triageRepo } from './common.js';
import { pullFor } from './pulls.js';
import { authorAssociation, pullSimpleShape, reactionRollup } from './shapes-pulls.js';
import { nodeId, userShape } from './shapes.js';

function commentShape(ctx: RequestContext, repo: Repo, c: ReviewComment): Record<string, unknown> {
  const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
  const url = `${api}/pulls/comments/${c.id}`;
  const html = `${ctx.sim.webUrl}/${repo.owner}/${repo.name}/pull/${c.pullNumber}#discussion_r${c.id}`;
  return {
    url, pull_request_review_id: c.reviewId, id: c.id, node_id: nodeId('PullRequestReviewComment', c.id), diff_hunk: c.diffHunk, path: c.path,
    position: c.position, original_position: c.position, commit_id: c.commitId, original_commit_id: c.commitId,
    ...(c.inReplyTo === null ? {} : { in_reply_to_id: c.inReplyTo }),
    user: userShape(ctx.sim, c.user), body: c.body, created_at: c.createdAt, updated_at: c.updatedAt, html_url: html,
    pull_request_url: `${api}/pulls/${c.pullNumber}`, author_association: authorAssociation(ctx.sim, repo, c.user),
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: `${api}/pulls/${c.pullNumber}` } },
    start_line: c.startLine, original_start_line: c.startLine, start_side: c.startLine === null ? null : c.side,
    line: c.line, original_line: c.line, side: c.side, reactions: reactionRollup(ctx.sim, `review-comment:${c.id}`, url),
  };
}

function announce(ctx: RequestContext, repo: Repo, pull: Pull, c: ReviewComment, action: string, extra: Record<string, unknown> = {}): void {
  emitRepoEvent(ctx.sim, repo, 'pull_request_review_comment', callerLogin(ctx), {
    action, comment: commentShape(ctx, repo, c), pull_request: pullSimpleShape(ctx.sim, repo, pull, true), ...extra,
  });
}

const OUTSIDE = 'Pull request review thread line must be part of the diff and Pull request review thread diff hunk can\'t be blank';

/** Where a new comment sits in the diff of the pull request at its head. */
function place(ctx: RequestContext, repo: Repo, pull: Pull): { path: string; line: number; side: 'LEFT' | 'RIGHT'; startLine: number | null; position: number; hunk: string } {
  const b = ctx.body;
  const base = mergeBase(repo.dir, pull.base.sha, pull.head.sha) ?? pull.base.sha;
  const patch = filePatches(repo.dir, base, pull.head.sha).get(b.path);
  if (patch === undefined) throw new GhError(422, 'Unprocessable Entity', ['Pull request review thread path could not be resolved and Pull request review thread diff hunk can\'t be blank']);
  const lines = commentableLines(patch);
  const side: 'LEFT' | 'RIGHT' = b.side ?? 'RIGHT';
  const hit = b.line !== undefined ? lines.find((l) => l.side === side && l.line === b.line)
    : b.position !== undefined ? lines.find((l) => l.position === b.position) : undefined;
  if (!hit) throw new GhError(422, 'Unprocessable Entity', [OUTSIDE]);
  if (b.start_line !== undefined) {
    if (b.start_line >= hit.line) throw new GhError(422, 'Unprocessable Entity', ['Pull request review thread start line must precede the end line.']);
    if (!lines.some((l) => l.side === (b.start_side ?? side) && l.line === b.start_line && hit.hunk.startsWith(l.hunk.split('\n')[0]!))) {
      throw new GhError(422, 'Unprocessable Entity', ['Pull request review thread start line must be part of the same hunk as the line.']);
    }
  }
  return { path: b.path, line: hit.line, side: hit.side, startLine: b.start_line ?? null, position: hit.position, hunk: hit.hunk };
}

function create(ctx: RequestContext, replyTo: number | undefined): ReturnType<Route['handle']> {
  const repo = repoFor(ctx);
  const pull = pullFor(ctx, repo);
  const user = callerLogin(ctx);
  const now = ctx.sim.store.now();
  let where: ReturnType<typeof place>;
  let inReplyTo: number | null = null;
  if (replyTo !== undefined) {
    const parent = ctx.sim.store.reviewComments.get(replyTo);
    if (!parent || parent.repoId !== repo.id || parent.pullNumber !== pull.number) throw notFound();
    where = { path: parent.path, line: parent.line, side: parent.side, startLine: parent.startLine, position: parent.position, hunk: parent.diffHunk };
    inReplyTo = parent.inReplyTo ?? parent.id;
  } else {
    where = place(ctx, repo, pull);
  }
  const review = { id: ctx.sim.store.nextId(), repoId: repo.id, pullNumber: pull.number, user, body: '', state: 'COMMENTED' as const, commitId: pull.head.sha, submittedAt: now };
  ctx.sim.store.reviews.set(review.id, review);
  const comment: ReviewComment = {
    id: ctx.sim.store.nextId(), repoId: repo.id, pullNumber: pull.number, reviewId: review.id, user, body: ctx.body.body, path: where.path,
    line: where.line, side: where.side, startLine: where.startLine, commitId: ctx.body.commit_id ?? pull.head.sha, diffHunk: where.hunk,
    position: where.position, inReplyTo, createdAt: now, updatedAt: now,
  };
  ctx.sim.store.reviewComments.set(comment.id, comment);
  announce(ctx, repo, pull, comment, 'created');
  return created(commentShape(ctx, repo, comment));
}

function commentFor(ctx: RequestContext, repo: Repo): ReviewComment {
  const c = ctx.sim.store.reviewComments.get(intParam(ctx, 'comment_id'));
  if (!c || c.repoId !== repo.id) throw notFound();
  return c;
}

export const reviewCommentRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/comments', operationId: 'pulls/create-review-comment',
    handle: (ctx) => create(ctx, ctx.body.in_reply_to === undefined ? undefined : Number(ctx.body.in_reply_to)),
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies', operationId: 'pulls/create-reply-for-review-comment',
    handle: (ctx) => create(ctx, intParam(ctx, 'comment_id')),
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/comments', operationId: 'pulls/list-review-comments',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      const list = [...ctx.sim.store.reviewComments.values()].filter((c) => c.repoId === repo.id && c.pullNumber === pull.number).sort((a, b) => a.id - b.id);
      return paginate(ctx, list, 200, (page) => page.map((c) => commentShape(ctx, repo, c)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/comments/{comment_id}', operationId: 'pulls/get-review-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return ok(commentShape(ctx, repo, commentFor(ctx, repo)));
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/pulls/comments/{comment_id}', operationId: 'pulls/update-review-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const c = commentFor(ctx, repo);
      if (c.user.toLowerCase() !== callerLogin(ctx).toLowerCase()) triageRepo(ctx);
      const from = c.body;
      c.body = ctx.body.body;
      c.updatedAt = ctx.sim.store.now();
      announce(ctx, repo, ctx.sim.store.pull(repo.id, c.pullNumber)!, c, 'edited', { changes: { body: { from } } });
      return ok(commentShape(ctx, repo, c));
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/pulls/comments/{comment_id}', operationId: 'pulls/delete-review-comment',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const c = commentFor(ctx, repo);
      if (c.user.toLowerCase() !== callerLogin(ctx).toLowerCase()) triageRepo(ctx);
      announce(ctx, repo, ctx.sim.store.pull(repo.id, c.pullNumber)!, c, 'deleted');
      ctx.sim.store.reviewComments.delete(c.id);
      return noContent();
    },
  },
];

// Pull request reviews: submit (APPROVE, REQUEST_CHANGES, COMMENT, or pending), list, get, dismiss.
// A review records the commit it was made on (the head at the time, or the commit_id given).
import { GhError, invalid, notFound } from '../server/errors.js';
import { actorLogin, ok, type RequestContext, type Route } from '../server/route.js';
import type { Pull, Repo, Review, ReviewState } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { callerLogin, intParam, paginate, repoFor, writableRepo } from './common.js';
import { pullFor } from './pulls.js';
import { pullSimpleShape, reviewShape } from './shapes-pulls.js';

const STATE_OF: Record<string, ReviewState> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };

export function submitReview(ctx: RequestContext, repo: Repo, pull: Pull, user: string,
  input: { event?: string; body?: string; commit_id?: string }): Review {
  const { sim } = ctx;
  const state = input.event ? STATE_OF[input.event] : 'PENDING';
  if (!state) throw invalid('Validation Failed', [{ resource: 'PullRequestReview', field: 'event', code: 'invalid' }]);
  if (user.toLowerCase() === pull.user.toLowerCase() && (state === 'APPROVED' || state === 'CHANGES_REQUESTED')) {
    throw new GhError(422, `Unprocessable Entity: ${state === 'APPROVED' ? 'Can not approve' : 'Can not request changes on'} your own pull request`);
  }
  if ((state === 'CHANGES_REQUESTED' || state === 'COMMENTED') && !input.body) {
    throw new GhError(422, 'Unprocessable Entity: Review Comment is missing');
  }
  const review: Review = {
    id: sim.store.nextId(), repoId: repo.id, pullNumber: pull.number, user, body: input.body ?? '', state,
    commitId: input.commit_id ?? pull.head.sha, submittedAt: state === 'PENDING' ? null : sim.store.now(),
  };
  sim.store.reviews.set(review.id, review);
  if (state !== 'PENDING') {
    pull.requestedReviewers = pull.requestedReviewers.filter((r) => r.toLowerCase() !== user.toLowerCase());
    emitRepoEvent(sim, repo, 'pull_request_review', user, {
      action: 'submitted', review: reviewShape(sim, repo, review, true), pull_request: pullSimpleShape(sim, repo, pull, true),
    });
  }
  return review;
}

function reviewFor(ctx: RequestContext, repo: Repo, pull: Pull): Review {
  const review = ctx.sim.store.reviews.get(intParam(ctx, 'review_id'));
  if (!review || review.repoId !== repo.id || review.pullNumber !== pull.number) throw notFound();
  return review;
}

export function dismissReview(ctx: RequestContext, repo: Repo, pull: Pull, review: Review, by: string, _message: string): void {
  if (review.state !== 'APPROVED' && review.state !== 'CHANGES_REQUESTED') {
    throw new GhError(422, `Can not dismiss a ${review.state.toLowerCase()} pull request review`);
  }
  review.state = 'DISMISSED';
  emitRepoEvent(ctx.sim, repo, 'pull_request_review', by, {
    action: 'dismissed', review: reviewShape(ctx.sim, repo, review, true), pull_request: pullSimpleShape(ctx.sim, repo, pull, true),
  });
}

export const reviewRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', operationId: 'pulls/create-review',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      return ok(reviewShape(ctx.sim, repo, submitReview(ctx, repo, pull, callerLogin(ctx), ctx.body ?? {})));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', operationId: 'pulls/list-reviews',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const pull = pullFor(ctx, repo);
      // A pending review is visible to its author only, as on GitHub.
      const caller = actorLogin(ctx.sim, ctx.actor)?.toLowerCase();
      const reviews = [...ctx.sim.store.reviews.values()]
        .filter((r) => r.repoId === repo.id && r.pullNumber === pull.number && (r.state !== 'PENDING' || r.user.toLowerCase() === caller))
        .sort((a, b) => a.id - b.id);
      return paginate(ctx, reviews, 200, (page) => page.map((r) => reviewShape(ctx.sim, repo, r)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}', operationId: 'pulls/get-review',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return ok(reviewShape(ctx.sim, repo, reviewFor(ctx, repo, pullFor(ctx, repo))));
    },
  },
  {
    method: 'PUT', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals', operationId: 'pulls/dismiss-review',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const pull = pullFor(ctx, repo);
      const review = reviewFor(ctx, repo, pull);
      dismissReview(ctx, repo, pull, review, callerLogin(ctx), ctx.body.message);
      return ok(reviewShape(ctx.sim, repo, review));
    },
  },
];

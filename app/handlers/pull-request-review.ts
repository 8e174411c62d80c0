// pull_request_review: submitted, dismissed, edited: the approvals changed, so that pull request is
// reconciled (migration/approvals is recomputed; the others are unchanged and not rewritten). A review a
// bot submits (the app's suggestion review) cannot approve anything and needs no work.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';

const ACTIONS = new Set(['submitted', 'dismissed', 'edited']);

export async function onPullRequestReview(ctx: Context<'pull_request_review'>, queue: JobQueue): Promise<void> {
  const number = field(ctx.payload, 'pull_request', 'number');
  if (!ACTIONS.has(actionOf(ctx)) || typeof number !== 'number') return ignore(ctx, `pull_request_review.${actionOf(ctx) || '?'} needs no work`);
  // A bot's review (the app's own suggestions among them) is never an approval by a person.
  if (actionOf(ctx) === 'submitted' && field(ctx.payload, 'review', 'user', 'type') === 'Bot') return ignore(ctx, 'a review by a bot changes no approval');
  await enqueueFor(ctx, queue, 'reconcile', { pull_number: number });
}

// pull_request_review: submitted, dismissed, edited: the approvals changed, so that pull request is
// reconciled (migration/approvals is recomputed; the others are unchanged and not rewritten).
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';

const ACTIONS = new Set(['submitted', 'dismissed', 'edited']);

export async function onPullRequestReview(ctx: Context<'pull_request_review'>, queue: JobQueue): Promise<void> {
  const number = field(ctx.payload, 'pull_request', 'number');
  if (!ACTIONS.has(actionOf(ctx)) || typeof number !== 'number') return ignore(ctx, `pull_request_review.${actionOf(ctx) || '?'} needs no work`);
  await enqueueFor(ctx, queue, 'reconcile', { pull_number: number });
}

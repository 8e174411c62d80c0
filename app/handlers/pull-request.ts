// pull_request: opened, synchronize, reopened, edited (base changed), ready_for_review: reconcile that pull
// request; closed: reconcile (its check runs stay) and, when merged, the merge job (tag, transition).
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';

const RECONCILE = new Set(['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review', 'closed']);

export async function onPullRequest(ctx: Context<'pull_request'>, queue: JobQueue): Promise<void> {
  const action = actionOf(ctx);
  const number = field(ctx.payload, 'pull_request', 'number');
  if (!RECONCILE.has(action) || typeof number !== 'number') return ignore(ctx, `pull_request.${action || '?'} needs no work`);
  if (action === 'closed' && field(ctx.payload, 'pull_request', 'merged') === true) await enqueueFor(ctx, queue, 'merged', ctx.payload);
  if (action !== 'closed') await enqueueFor(ctx, queue, 'reconcile', { pull_number: number });
}

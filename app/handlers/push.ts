// push: a push to the default branch changes the rules (roles, policy, CODEOWNERS, state) every open pull
// request is judged by, so all of them are reconciled. A push to another branch is covered by its
// pull_request.synchronize; tags and deletions need no work.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { enqueueFor, field, ignore } from './enqueue.js';

export async function onPush(ctx: Context<'push'>, queue: JobQueue): Promise<void> {
  const ref = field(ctx.payload, 'ref');
  const defaultBranch = field(ctx.payload, 'repository', 'default_branch');
  if (field(ctx.payload, 'deleted') === true) return ignore(ctx, 'a deleted ref');
  if (typeof ref !== 'string' || ref !== `refs/heads/${String(defaultBranch)}`) return ignore(ctx, `a push to ${String(ref)}, not the default branch`);
  await enqueueFor(ctx, queue, 'reconcile', {});
}

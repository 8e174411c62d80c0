// push: a push to the default branch changes the rules (roles, policy, CODEOWNERS, state) every open pull
// request is judged by, so all of them are reconciled. A push to migration/discovery brings the raw catalog
// and profile of the discover workflow (or of a person who ran discover elsewhere): the discovery job turns
// them into the discovery pull request (app/proposals/discovery.ts). A push to another branch is covered by
// its pull_request.synchronize; tags and deletions need no work.
import type { Context } from 'probot';
import { DISCOVERY_BRANCH, type PushPayload } from '../proposals/discovery.js';
import type { JobQueue } from '../queue/queue.js';
import { enqueueFor, field, ignore } from './enqueue.js';

export async function onPush(ctx: Context<'push'>, queue: JobQueue): Promise<void> {
  const ref = field(ctx.payload, 'ref');
  const defaultBranch = field(ctx.payload, 'repository', 'default_branch');
  if (field(ctx.payload, 'deleted') === true) return ignore(ctx, 'a deleted ref');
  if (ref === `refs/heads/${DISCOVERY_BRANCH}` && typeof defaultBranch === 'string') {
    const pusher = field(ctx.payload, 'sender', 'login');
    const job: PushPayload = { ref, after: String(field(ctx.payload, 'after')), default_branch: defaultBranch, pusher: typeof pusher === 'string' ? pusher : 'ghost' };
    return enqueueFor(ctx, queue, 'discovery', job);
  }
  if (typeof ref !== 'string' || ref !== `refs/heads/${String(defaultBranch)}`) return ignore(ctx, `a push to ${String(ref)}, not the default branch`);
  await enqueueFor(ctx, queue, 'reconcile', {});
}

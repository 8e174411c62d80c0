// check_run.rerequested ("Re-run" on one of the app's check runs): that check is run again on the pull
// requests of its head. Check runs of other apps, and the created/completed echoes of the app's own
// writes, need no work.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';
import { noWorkFor } from './triage.js';

export async function onCheckRun(ctx: Context<'check_run'>, queue: JobQueue): Promise<void> {
  const noWork = noWorkFor('check_run', actionOf(ctx));
  if (noWork) return ignore(ctx, noWork);
  const name = field(ctx.payload, 'check_run', 'name');
  if (typeof name !== 'string' || !name.startsWith('migration/')) return ignore(ctx, 'not a check run of this app');
  const pulls = field(ctx.payload, 'check_run', 'pull_requests');
  const numbers = Array.isArray(pulls) ? pulls.map((p) => field(p, 'number')).filter((n): n is number => typeof n === 'number') : [];
  const headSha = field(ctx.payload, 'check_run', 'head_sha');
  await enqueueFor(ctx, queue, 'reconcile', { pull_numbers: numbers, head_sha: headSha, rerun: [name] });
}

// check_suite.rerequested ("Re-run all checks"): every check run of the suite's pull requests is run again
// (with no pull request named: the open ones with that head). check_suite.requested comes with every push,
// and a push to a pull request's branch also brings pull_request.synchronize, which already converges it:
// answering both would judge the same head twice.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';
import { noWorkFor } from './triage.js';

export async function onCheckSuite(ctx: Context<'check_suite'>, queue: JobQueue): Promise<void> {
  const noWork = noWorkFor('check_suite', actionOf(ctx));
  if (noWork) return ignore(ctx, noWork);
  const pulls = field(ctx.payload, 'check_suite', 'pull_requests');
  const numbers = Array.isArray(pulls) ? pulls.map((p) => field(p, 'number')).filter((n): n is number => typeof n === 'number') : [];
  const headSha = field(ctx.payload, 'check_suite', 'head_sha');
  await enqueueFor(ctx, queue, 'reconcile', { pull_numbers: numbers, head_sha: headSha, rerun: ['*'] });
}

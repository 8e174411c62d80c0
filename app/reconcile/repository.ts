// The reconciler's entry for one repository: which pull requests an event affects (one, several, those
// with a given head, or every open one), each converged in turn from what GitHub says now, never from the
// event's copy of it, so an old or reordered delivery converges to the same state as a fresh one. When the
// system failed for a pull request (its check runs are neutral), the job fails after converging the rest,
// so the queue retries it once.
import { CopilotError } from '../../core/errors.js';
import type { PullShape } from '../github/port.js';
import type { RepoJob } from '../job.js';
import { reconcilePull, type PullOutcome } from './pull-request.js';

export interface ReconcileRequest {
  /** One pull request; absent (and no pull_numbers): every open pull request of the repository. */
  readonly pull_number?: number;
  readonly pull_numbers?: readonly number[];
  /** The head a check suite or check run was about (used when it names no pull request). */
  readonly head_sha?: string;
  /** Check runs to run again even when nothing changed ("migration/<id>", or "*" for all). */
  readonly rerun?: readonly string[];
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

async function openPulls(job: RepoJob): Promise<PullShape[]> {
  const out: PullShape[] = [];
  for (let page = 1; page <= 10; page++) {
    const { data } = await job.port.rest.pulls.list({ owner: job.owner, repo: job.repo, state: 'open', per_page: 100, page });
    out.push(...data);
    if (data.length < 100) break;
  }
  return out;
}

export async function reconcileRepository(job: RepoJob, request: ReconcileRequest): Promise<PullOutcome[]> {
  const numbers = [...new Set([...(request.pull_number !== undefined ? [request.pull_number] : []), ...(request.pull_numbers ?? [])])];
  let pulls: PullShape[];
  if (numbers.length > 0) {
    pulls = [];
    for (const n of numbers) {
      try {
        pulls.push((await job.port.rest.pulls.get({ owner: job.owner, repo: job.repo, pull_number: n })).data);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        job.log.info({ pull: n }, 'ignored: the pull request does not exist (any more)');
      }
    }
  } else {
    pulls = await openPulls(job);
    if (request.head_sha !== undefined) pulls = pulls.filter((p) => p.head.sha === request.head_sha);
  }
  const rerun = new Set(request.rerun ?? []);
  const outcomes: PullOutcome[] = [];
  for (const pr of pulls) {
    const outcome = await reconcilePull(job, pr, (name) => rerun.has('*') || rerun.has(name));
    if (outcome.kind === 'ignored') job.log.info({ pull: pr.number }, `ignored: ${outcome.reason}`);
    outcomes.push(outcome);
  }
  const broken = outcomes.filter((o) => o.kind === 'checked' && o.systemErrors > 0).length;
  if (broken > 0) {
    // The check runs already say "not judged" (neutral); failing the job makes the queue run it once more.
    throw new CopilotError('CONNECTION_FAILED', `${broken} pull request(s) of ${job.owner}/${job.repo} could not be judged; the job is retried once`);
  }
  return outcomes;
}

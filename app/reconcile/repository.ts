// The reconciler's entry for one repository: which pull requests an event affects (one, several, or every
// open one), each converged in turn. Placeholder body until the pull request reconciler lands.
import type { RepoJob } from '../job.js';

export interface ReconcileRequest {
  /** One pull request; absent (and no pull_numbers): every open pull request of the repository. */
  readonly pull_number?: number;
  readonly pull_numbers?: readonly number[];
  /** The head a check suite or check run was about (used when it names no pull request). */
  readonly head_sha?: string;
  /** Check runs to run again even when nothing changed ("migration/<id>", or "*" for all). */
  readonly rerun?: readonly string[];
}

export async function reconcileRepository(job: RepoJob, request: ReconcileRequest): Promise<void> {
  job.log.info({ request }, 'reconcile');
}

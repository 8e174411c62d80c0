// The job queue contract: work for one repository runs one job at a time, in the order it was enqueued;
// different repositories run side by side. enqueue() returns once the job is accepted (so a webhook is
// answered at once); idle() resolves when nothing is queued or running here (tests and the benchmark wait
// on it); stop() lets running jobs finish and takes no more.
import type { JobSpec } from '../job.js';

export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  enqueue(spec: JobSpec): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs one job; a throw is logged by the queue, never crashes the process. */
export type JobRunner = (spec: JobSpec) => Promise<void>;

/** The serialisation key: one repository (GitHub logins and names are case-insensitive). */
export function repoKey(spec: Pick<JobSpec, 'owner' | 'repo'>): string {
  return `${spec.owner}/${spec.repo}`.toLowerCase();
}

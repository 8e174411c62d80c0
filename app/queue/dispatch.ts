// The function each job kind runs: the reconciler, the comment commands, the merge handler.
import { handleCommentCommand } from '../commands/index.js';
import type { IssueCommentPayload, JobKind, PullRequestClosedPayload } from '../job.js';
import { onPullRequestMerged } from '../plan/on-merge.js';
import { onDiscoveryPush, type PushPayload } from '../proposals/discovery.js';
import { reconcileRepository, type ReconcileRequest } from '../reconcile/repository.js';
import type { JobHandler } from './worker.js';

export const JOB_HANDLERS: Readonly<Record<JobKind, JobHandler>> = {
  reconcile: async (job, payload) => { await reconcileRepository(job, payload as ReconcileRequest); },
  comment: (job, payload) => handleCommentCommand(job, payload as IssueCommentPayload),
  // A merge moves the default branch; its push event reconciles the other open pull requests.
  merged: (job, payload) => onPullRequestMerged(job, payload as PullRequestClosedPayload),
  discovery: (job, payload) => onDiscoveryPush(job, payload as PushPayload),
};

// Converges one pull request: reads its head and its base branch (the rules) through the API into
// MigrationContexts, records its approvals from what GitHub reports, runs every validator on the head with
// the base branch's rules and policy, and publishes one check run per validator on the head commit, plus
// the suggestion review for findings with a mechanical fix. Anything that breaks on the way makes the check
// runs neutral with the error (never a silent pass, never a crash of the worker). Last, an existing status
// comment (`/plan status`) is refreshed for the judged head; none is created where nobody asked.
import { isCopilotError } from '../../core/errors.js';
import { buildMigrationContext, REPO_PATHS, type MigrationContext } from '../../core/repo/index.js';
import { runValidators, type ValidationRun } from '../../core/validators/index.js';
import { desiredChecks, type Judged } from '../checks/desired.js';
import { publishCheckRuns, type PublishResult } from '../checks/publish.js';
import { recordApprovals, type KnownTree } from '../github/approvals-record.js';
import type { PullShape } from '../github/port.js';
import { refreshPlanStatus } from '../plan/status.js';
import type { RepoJob } from '../job.js';
import { publishSuggestions } from './suggestions.js';
import { treeRepoFiles, wanted, type TreeSnapshot } from './tree-files.js';

export type PullOutcome =
  | { readonly kind: 'checked'; readonly published: PublishResult; readonly suggestions: number; readonly systemErrors: number }
  | { readonly kind: 'ignored'; readonly reason: string };

function known(t: TreeSnapshot): KnownTree {
  return { commit: t.commit, covers: wanted, readBytes: (path) => t.files.readBytes?.(path) };
}

function isMigrationRepository(t: TreeSnapshot): boolean {
  return t.paths.includes(REPO_PATHS.project) || t.paths.includes(REPO_PATHS.config);
}

function messageOf(e: unknown): string {
  return isCopilotError(e) || e instanceof Error ? e.message : String(e);
}

export async function reconcilePull(job: RepoJob, pr: PullShape, rerun: (name: string) => boolean): Promise<PullOutcome> {
  const where = { owner: job.owner, repo: job.repo };
  const defaultBranch = pr.base.repo?.default_branch;
  if (pr.state !== undefined && pr.state !== 'open') return { kind: 'ignored', reason: `#${pr.number} is ${pr.state}` };
  if (defaultBranch !== undefined && pr.base.ref !== defaultBranch) {
    return { kind: 'ignored', reason: `#${pr.number} targets ${pr.base.ref}, not the default branch ${defaultBranch}` };
  }
  let judged: Judged = { headSha: pr.head.sha, baseRef: pr.base.ref, baseSha: '' };
  let run: ValidationRun | undefined;
  const systemError = new Map<string, string>();
  const skippedBecause = new Map<string, string>();
  let contexts: { head: MigrationContext; base: MigrationContext } | undefined;
  const t0 = Date.now();
  const ms: Record<string, number> = {};
  try {
    const baseSha = (await job.port.rest.git.getRef({ ...where, ref: `heads/${pr.base.ref}` })).data.object.sha;
    judged = { ...judged, baseSha };
    const [base, head] = await Promise.all([treeRepoFiles(job.port, where, baseSha), treeRepoFiles(job.port, where, pr.head.sha)]);
    if (!isMigrationRepository(base) && !isMigrationRepository(head)) {
      return { kind: 'ignored', reason: `not a migration repository (no ${REPO_PATHS.project} or ${REPO_PATHS.config} on ${pr.base.ref} or the head of #${pr.number})` };
    }
    let approvalsRecord: { path: string; text: string } | undefined;
    if (head.paths.includes(REPO_PATHS.plan)) {
      try {
        const record = await recordApprovals(job.port, { ...where, pull_number: pr.number }, [known(head), known(base)]);
        if (record.head_sha === pr.head.sha) approvalsRecord = { path: `approvals of #${pr.number}`, text: JSON.stringify(record) };
        else systemError.set('approvals', `the pull request moved to ${record.head_sha.slice(0, 12)} while its approvals were read; the next event judges the new head`);
      } catch (e) {
        if (isCopilotError(e) && e.kind !== 'system') skippedBecause.set('approvals', `the approvals could not be recorded: ${e.message}`);
        else systemError.set('approvals', `recording the approvals failed: ${messageOf(e)}`);
      }
    } else {
      skippedBecause.set('approvals', `${REPO_PATHS.plan} is not on this branch: approvals are judged on a plan pull request`);
    }
    ms.read = Date.now() - t0;
    // Head and base share most files, and earlier events saw most of them: each text is parsed and checked once.
    const memo = job.artifacts;
    contexts = { head: buildMigrationContext(head.files, { memo }), base: buildMigrationContext(base.files, { memo }) };
    run = runValidators(contexts.head, { base: contexts.base, ...(approvalsRecord ? { approvalsRecord } : {}) });
  } catch (e) {
    job.log.warn({ err: e, pull: pr.number }, 'reconcile could not judge the pull request');
    systemError.set('*', messageOf(e));
  }
  ms.validate = Date.now() - t0;
  const desired = desiredChecks(run, systemError, skippedBecause);
  const published = await publishCheckRuns(job.port, where, judged, desired, rerun);
  ms.publish = Date.now() - t0;
  const suggestions = contexts ? await publishSuggestions(job, pr, contexts.head, contexts.base, desired) : 0;
  ms.suggest = Date.now() - t0;
  let status: string | undefined;
  // A pull request GitHub reports without any comment has no status comment: no read spent looking for it.
  if (contexts?.head.plan && pr.comments !== 0) {
    try {
      status = await refreshPlanStatus(job, { number: pr.number, baseRef: pr.base.ref }, contexts.base);
    } catch (e) {
      job.log.warn({ err: e, pull: pr.number }, 'the status comment could not be refreshed; the next event tries again');
      status = 'failed';
    }
    ms.status = Date.now() - t0;
  }
  job.log.info({ pull: pr.number, head: pr.head.sha.slice(0, 12), created: published.created.length, updated: published.updated.length, unchanged: published.unchanged.length, suggestions, status, ms },
    'check runs converged');
  return { kind: 'checked', published, suggestions, systemErrors: systemError.size };
}

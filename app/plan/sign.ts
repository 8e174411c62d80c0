// `/plan sign` on a pull request: the one signing implementation (core/signing signPlanForHead) over the
// head and the base branch read through the REST API, with the approvals record built from what GitHub
// reports, the key at MIGRATION_COPILOT_PLAN_KEY and the audit head at signing. The SignedPlan and its
// bundle are committed to the pull request's branch through the Git Data API. A head whose plan is already
// signed (the last signed version carries this plan's sha256) is answered as such: nothing is signed twice.
import { readFile } from 'node:fs/promises';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { fileBytes, REPO_PATHS, type MigrationContext } from '../../core/repo/index.js';
import { createKeySigner, signPlanForHead, type SignedPlan } from '../../core/signing/index.js';
import { auditHead } from '../audit/branch.js';
import { recordApprovals } from '../github/approvals-record.js';
import type { RepoJob } from '../job.js';
import { commitFiles } from './commit-files.js';
import { contextAt } from '../reconcile/tree-files.js';

export interface SignRequest {
  readonly job: RepoJob;
  readonly pull: { readonly number: number; readonly headRef: string };
  readonly base: MigrationContext;
  readonly now: Date;
}

export type SignResult =
  | { readonly kind: 'signed'; readonly version: number; readonly signedPlan: SignedPlan; readonly commit: string; readonly reviewedHead: string; readonly keyId: string }
  | { readonly kind: 'already'; readonly version: number; readonly head: string; readonly planSha256: string }
  | { readonly kind: 'refused'; readonly reasons: readonly string[]; readonly head: string };

export async function signingKey(job: RepoJob): Promise<string> {
  const path = job.settings.planKeyPath;
  if (!path) {
    throw new CopilotError('SIGNING_FAILED', 'the app has no plan-signing key: MIGRATION_COPILOT_PLAN_KEY is not set', {
      hint: 'set MIGRATION_COPILOT_PLAN_KEY to the path of an Ed25519 or P-256 private key (PEM) and restart the app',
    });
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CopilotError('SIGNING_FAILED', `the plan-signing key named by MIGRATION_COPILOT_PLAN_KEY cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
}

/** The last signed version at the head when it signs exactly this plan. */
function alreadySigned(head: MigrationContext, planSha256: string): number | undefined {
  const last = head.signedPlans.at(-1);
  if (!last) return undefined;
  try {
    return (JSON.parse(last.text) as { plan_sha256?: unknown }).plan_sha256 === planSha256 ? last.version : undefined;
  } catch {
    return undefined;
  }
}

export async function signPullRequest(req: SignRequest): Promise<SignResult> {
  const { job, pull } = req;
  const where = { owner: job.owner, repo: job.repo };
  const record = await recordApprovals(job.port, { ...where, pull_number: pull.number });
  const head = (await contextAt(job, record.head_sha)).context;
  const planBytes = fileBytes(head.files, REPO_PATHS.plan);
  const done = planBytes ? alreadySigned(head, sha256Hex(planBytes)) : undefined;
  if (done !== undefined) return { kind: 'already', version: done, head: record.head_sha, planSha256: record.plan_sha256 };

  const signer = createKeySigner(await signingKey(job), 'the key at MIGRATION_COPILOT_PLAN_KEY');
  const result = await signPlanForHead({
    head, base: req.base, approvalsRecord: { path: `approvals of #${pull.number}`, text: JSON.stringify(record) },
    signer, now: req.now, auditHead: await auditHead(job.octokit, where),
  });
  if (!result.ok) {
    if (result.code === 'INTERNAL') throw new CopilotError('INTERNAL', `a validator broke while signing: ${result.reasons.join('; ')}`);
    return { kind: 'refused', reasons: result.reasons, head: record.head_sha };
  }
  const commit = await commitFiles(job.octokit, where, pull.headRef, record.head_sha, result.files, `Sign plan v${result.version}\n\nSignedPlan and its Sigstore bundle, signed by the app on the approved head ${record.head_sha}.\n`);
  return { kind: 'signed', version: result.version, signedPlan: result.signedPlan, commit, reviewedHead: record.head_sha, keyId: signer.keyId };
}

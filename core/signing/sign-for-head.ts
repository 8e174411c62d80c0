// `/plan sign` and `migration-copilot sign`, the one implementation both call. Pure apart from the signer
// (and the witnesses) passed in: it takes the pull request head's and the base branch's repositories
// (MigrationContext; the CLI reads directories, the app git trees through the API) and the approvals record,
// and returns either every reason it refuses or the two files to write (plans/signed/v<N>.json and
// v<N>.sigstore.json). Writing them is the caller's (cli/ writes both-or-neither, the app commits them).
//
// Contract (stable; extend only with optional fields):
//   signPlanForHead({ head, base, approvalsRecord: {path, text}, signer, witnesses?, now, auditHead?, trustedRoot? })
//     -> { ok: false, code, reasons[], warnings[] }
//      | { ok: true, version, signedPlan, files: [{path, text}], signer: BundleSigner, warnings[] }
// It throws CopilotError only for bad input it cannot judge: an approvals record that is not one (SCHEMA_INVALID),
// the head's plan or the base's config absent (FILE_NOT_FOUND) or invalid (SCHEMA_INVALID, POLICY_INVALID).
// Every rule comes from `base`: roles, signer trust, the policy and its version, CODEOWNERS and the
// lifecycle state. The head may not change the rules (a rules change is its own pull request) and may move
// the state by one signing transition at most. The SignedPlan binds the inputs manifest (every file the
// runner reads), the members of each team an approval relied on, and the audit head when given.
import type { Signer, Witness } from '@sigstore/sign';
import {
  approvalsInputFromRecord, changedRuleFiles, evaluateApprovalsUpTo, parseApprovalsRecord,
} from '../approvals/index.js';
import { CopilotError, type ErrorCode } from '../errors.js';
import { sha256Hex } from '../json/canonical.js';
import {
  artifactValue, fileBytes, inputsManifest, REPO_PATHS, signedPlanPaths, type MigrationContext,
} from '../repo/index.js';
import { stateChange } from '../state/index.js';
import { runValidators, VALIDATORS } from '../validators/index.js';
import { pinnedTeams } from './approvals-check.js';
import { buildSignedPlan, type ValidatorOutcome } from './build.js';
import { createSignedPlanBundle } from './bundle.js';
import { signedPlanReadableCopy, SIGNING_TRANSITIONS, type SignedPlan } from './signed-plan.js';
import { trustPolicyFromConfig } from './trust.js';
import { verifySignedPlanBundle, type BundleSigner } from './verify-bundle.js';

export interface SignPlanForHeadInput {
  /** The repository at the pull request's head (the commit the approvals record names). */
  readonly head: MigrationContext;
  /** The base branch (the default branch the pull request merges into): every rule comes from here. */
  readonly base: MigrationContext;
  /** The approvals record (approvals_record schema) and a name for it in messages. */
  readonly approvalsRecord: { readonly path: string; readonly text: string };
  readonly signer: Signer;
  /** Rekor for keyless signing; none for a key. */
  readonly witnesses?: readonly Witness[];
  /** The signing time (core has no clock). */
  readonly now: Date | string;
  /** The audit chain's head (its last entry) at signing; recorded in the SignedPlan. */
  readonly auditHead?: { readonly seq: number; readonly hash: string };
  /** Sigstore trusted root (JSON), to verify a keyless bundle right after signing it. */
  readonly trustedRoot?: unknown;
}

export interface SignedFile { readonly path: string; readonly text: string }

export type SignPlanForHeadResult =
  | {
    readonly ok: false;
    /** VALIDATION_FAILED, APPROVALS_MISSING or PLAN_SIGNATURE_INVALID (exit 1); INTERNAL when only a validator broke (exit 3). */
    readonly code: ErrorCode;
    readonly reasons: readonly string[];
    readonly warnings: readonly string[];
  }
  | {
    readonly ok: true;
    readonly version: number;
    readonly signedPlan: SignedPlan;
    /** The bundle first, then the readable copy: write both or neither. */
    readonly files: readonly SignedFile[];
    readonly signer: BundleSigner;
    readonly warnings: readonly string[];
  };

/** The validators signing relies on: all but signed-plan (it judges an existing signature) and approvals (evaluated here). */
function runSigningValidators(input: SignPlanForHeadInput): { outcomes: ValidatorOutcome[]; reasons: string[]; errored: number } {
  const only = VALIDATORS.map((v) => v.id).filter((id) => id !== 'signed-plan' && id !== 'approvals');
  const run = runValidators(input.head, { only, approvalsRecord: input.approvalsRecord, base: input.base, trustedRoot: input.trustedRoot });
  const reasons: string[] = [];
  for (const r of run.results.filter((x) => x.status !== 'pass')) {
    const errors = r.findings.filter((f) => f.severity === 'error');
    reasons.push(`validator ${r.id}@${r.version} ${r.status === 'fail' ? 'failed' : 'errored'}: ${errors.map((f) => `${f.path}:${f.line} ${f.message}`).join('; ') || 'no finding given'}`);
  }
  for (const sk of run.skipped) reasons.push(`validator ${sk.id}@${sk.version} could not judge: ${sk.reason}`);
  const errored = run.results.filter((x) => x.status === 'error').length;
  return { outcomes: run.results.map(({ id, version, status }) => ({ id, version, status })), reasons, errored };
}

function keyIdOf(signer: Signer): string | undefined {
  const id = (signer as { keyId?: unknown }).keyId;
  return typeof id === 'string' ? id : undefined;
}

export async function signPlanForHead(input: SignPlanForHeadInput): Promise<SignPlanForHeadResult> {
  const { head, base } = input;
  const record = parseApprovalsRecord(input.approvalsRecord.text, input.approvalsRecord.path);
  if (!base.config) {
    throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.config} is not on the base branch: it names the roles and the trusted signers`, {
      hint: 'merge .migration/config.yml into the default branch first',
    });
  }
  const config = artifactValue(base.config, `${REPO_PATHS.config} (base branch)`);
  const policy = artifactValue(base.policy, `${base.policy.path} (base branch)`);
  if (!head.plan) {
    throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.plan} is not at the pull request head`, { hint: 'sign the head of a plan pull request' });
  }
  const plan = artifactValue(head.plan);
  const trust = trustPolicyFromConfig(config, input.trustedRoot);
  const keyId = keyIdOf(input.signer);
  if (keyId !== undefined && !trust.keys.some((k) => k.keyId === keyId)) {
    return {
      ok: false, code: 'PLAN_SIGNATURE_INVALID', warnings: [],
      reasons: [`the signing key (key id ${keyId}) is not in signers.keys of the base branch's ${REPO_PATHS.config}; the runner would refuse this plan: sign with a trusted key, or add its public key on the default branch first`],
    };
  }

  const reasons: string[] = [];
  const planBytes = fileBytes(head.files, REPO_PATHS.plan)!;
  const planSha256 = sha256Hex(planBytes);
  if (record.plan_sha256 !== planSha256) {
    reasons.push(`the approvals record is for plan sha256 ${record.plan_sha256}, but ${REPO_PATHS.plan} is ${planSha256}: sign the pull request head the approvals were given on`);
  }
  // N is the next free version, and the plan must say so: its `version` names plans/signed/v<N>.json and
  // the tag plan/v<N>, so a plan already signed needs a new version before it is signed again.
  const version = Math.max(head.signedVersions.at(-1) ?? 0, base.signedVersions.at(-1) ?? 0) + 1;
  const versionWrong = plan.version !== version;
  if (versionWrong) reasons.push(`${REPO_PATHS.plan} has version ${plan.version}, but the next signed version is v${version}: set "version": ${version}`);

  const move = stateChange(base.project?.value?.state, head.project?.value?.state);
  if (move.kind === 'invalid') reasons.push(move.reason);
  else if (move.kind === 'transition' && !SIGNING_TRANSITIONS.includes(move.transition)) {
    reasons.push(`project.json moves the state ${move.transition}: a plan pull request moves it within ${SIGNING_TRANSITIONS.join(', ')} only`);
  }
  const changedRules = changedRuleFiles(base, head);
  if (changedRules.length > 0) {
    reasons.push(`this pull request changes ${changedRules.join(', ')}: a plan is signed only under rules already on the base branch; ` +
      'change them in a pull request of their own (it needs the policy_change approvals of the base policy)');
  }
  const manifest = inputsManifest(head);
  reasons.push(...manifest.problems);
  const checked = runSigningValidators(input);
  reasons.push(...checked.reasons);

  const roles = config.roles;
  const evaluated = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', approvalsInputFromRecord(record, {
    roles, policy, codeowners: base.codeowners?.text ?? null,
  }));
  reasons.push(...evaluated.reasons);
  const warnings = [...evaluated.warnings];
  const refusedBeforeApprovals = reasons.length - evaluated.reasons.length;
  if (evaluated.approvals.length === 0 && evaluated.satisfied) {
    reasons.push(`the base policy asks no role to approve ${SIGNING_TRANSITIONS.join(' or ')}, and a plan is signed only with at least one approval: add roles to policy.approvals on the default branch`);
  }
  if (reasons.length > 0) {
    // A validator that broke is the system's failure (exit 3), unless the answer is no regardless.
    const code: ErrorCode = reasons.length === checked.errored ? 'INTERNAL'
      : refusedBeforeApprovals > checked.errored ? 'VALIDATION_FAILED' : 'APPROVALS_MISSING';
    return { ok: false, code, reasons, warnings };
  }

  const signedPlan = buildSignedPlan({
    plan, planBytes, policy, approvals: evaluated.approvals, validators: checked.outcomes, createdAt: input.now, version,
    roles, inputs: manifest.inputs, teams: pinnedTeams(evaluated.approvals, roles, record.teams), auditHead: input.auditHead,
  });
  const bundle = await createSignedPlanBundle(signedPlan, { signer: input.signer, witnesses: input.witnesses });
  let signer: BundleSigner;
  try {
    signer = verifySignedPlanBundle(bundle, trust).signer;
  } catch (e) {
    if (e instanceof CopilotError && e.kind === 'refused') return { ok: false, code: 'PLAN_SIGNATURE_INVALID', reasons: [e.message], warnings };
    throw e;
  }
  const paths = signedPlanPaths(version);
  return {
    ok: true, version, signedPlan, signer, warnings,
    files: [
      { path: paths.bundle, text: `${JSON.stringify(bundle, null, 2)}\n` },
      { path: paths.readable, text: signedPlanReadableCopy(signedPlan) },
    ],
  };
}

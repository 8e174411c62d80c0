// Builds the SignedPlan from what was checked. It refuses, with every reason at once, unless every
// validator passed and every approval up to PLANNED->EXECUTED is present for this exact plan.
import { CopilotError } from '../errors.js';
import { canonicalDigest, sha256Hex } from '../json/canonical.js';
import { approvalShortfalls, type ApprovalPolicy, type RoleMembers } from './approvals-check.js';
import { parseSignedPlan } from './schema.js';
import { SIGNING_TRANSITIONS, type SignedPlan, type SignedPlanApproval } from './signed-plan.js';

/** A validator's result (core/validators); only id, version and status go into the SignedPlan. */
export interface ValidatorOutcome {
  readonly id: string;
  readonly version: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly findings?: readonly { readonly message: string; readonly path?: string; readonly line?: number | null }[];
}

export interface BuildSignedPlanInput {
  /** The parsed plans/migration_plan.json; its plan_id and project_id name the SignedPlan. */
  readonly plan: { readonly plan_id?: unknown; readonly project_id?: unknown };
  /** The exact bytes of plans/migration_plan.json: plan_sha256 is their digest. */
  readonly planBytes: Uint8Array;
  /** The policy in force; policy_version is the digest of its canonical JSON. */
  readonly policy: ApprovalPolicy;
  readonly approvals: readonly SignedPlanApproval[];
  readonly validators: readonly ValidatorOutcome[];
  /** The signing time, passed in (core has no clock). */
  readonly createdAt: Date | string;
  readonly version: number;
  /** Roles of .migration/config.yml on the default branch, to check each approver's membership. */
  readonly roles?: Readonly<Record<string, RoleMembers | undefined>>;
  /** path -> sha256 of every file the runner reads (core/repo inputsManifest). */
  readonly inputs: Readonly<Record<string, string>>;
  /** org/team -> members, as read at signing, for the teams an approval relied on. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
  /** The audit chain's head at signing. */
  readonly auditHead?: { readonly seq: number; readonly hash: string };
}

function validatorReasons(validators: readonly ValidatorOutcome[]): string[] {
  if (validators.length === 0) return ['no validator ran: a plan is signed only after its validators pass'];
  return validators
    .filter((v) => v.status !== 'pass')
    .map((v) => {
      const first = v.findings?.find((f) => f.message)?.message;
      const where = first ? `: ${first}` : '';
      return `validator ${v.id}@${v.version} ${v.status === 'fail' ? 'failed' : 'errored'}${where}`;
    });
}

export function buildSignedPlan(input: BuildSignedPlanInput): SignedPlan {
  const { plan, planBytes, policy } = input;
  if (typeof plan.plan_id !== 'string' || typeof plan.project_id !== 'string') {
    throw new CopilotError('INPUT_INVALID', 'plans/migration_plan.json: plan_id and project_id must be strings', {
      hint: 'fix the plan file and validate it again',
    });
  }
  const failed = validatorReasons(input.validators);
  if (failed.length > 0) {
    throw new CopilotError('VALIDATION_FAILED', `the plan cannot be signed:\n  ${failed.join('\n  ')}`, {
      hint: 'fix the findings and run the validators again',
    });
  }
  const planSha256 = sha256Hex(planBytes);
  const missing = approvalShortfalls({
    approvals: input.approvals, policy, planSha256, transitions: SIGNING_TRANSITIONS, roles: input.roles, teams: input.teams,
  });
  if (input.approvals.length === 0) {
    missing.push(`the policy in force asks no role to approve ${SIGNING_TRANSITIONS.join(' or ')}, and a plan is signed only with at least one approval: add roles to policy.approvals`);
  }
  if (missing.length > 0) {
    throw new CopilotError('APPROVALS_MISSING', `the plan cannot be signed:\n  ${missing.join('\n  ')}`, {
      hint: 'the roles must approve the pull request at its current head',
    });
  }
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString();
  const signed = {
    plan_id: plan.plan_id,
    version: input.version,
    project_id: plan.project_id,
    status: 'APPROVED',
    policy_version: canonicalDigest(policy),
    plan_sha256: planSha256,
    inputs: { ...input.inputs },
    approvals: input.approvals.map(({ approver, role, transition, timestamp, scope, sha256_of_reviewed }) => (
      { approver, role, transition, timestamp, scope, sha256_of_reviewed })),
    ...(input.teams && Object.keys(input.teams).length > 0
      ? { teams: Object.fromEntries(Object.entries(input.teams).map(([k, v]) => [k, [...v]])) } : {}),
    validators: input.validators.map(({ id, version, status }) => ({ id, version, status })),
    ...(input.auditHead ? { audit_head: { seq: input.auditHead.seq, hash: input.auditHead.hash } } : {}),
    created_at: createdAt,
  };
  return parseSignedPlan(signed, 'the SignedPlan being built');
}

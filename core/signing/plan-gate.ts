// The plan gate, as far as files can answer it (the design's runner gate, minus the git tag checks that
// runner/gate adds). Pure: it takes the files' contents and returns every check with its verdict, so a
// refusal says exactly why. A check that cannot run because an earlier one failed says so.
import { canonicalDigest, canonicalJson, sha256Hex } from '../json/canonical.js';
import { isCopilotError } from '../errors.js';
import { manifestDifferences } from '../repo/inputs-manifest.js';
import { approvalShortfalls, type ApprovalPolicy, type RoleMembers } from './approvals-check.js';
import { signedPlanSchemaErrors } from './schema.js';
import { SIGNING_TRANSITIONS, type SignedPlan } from './signed-plan.js';
import { trustPolicyFromConfig, type TrustPolicy } from './trust.js';
import { verifySignedPlanBundle, type BundleSigner } from './verify-bundle.js';

export type GateCheckId =
  | 'trust-policy' | 'signature' | 'readable-copy' | 'schema' | 'version' | 'status'
  | 'policy-version' | 'plan-sha256' | 'inputs' | 'validators' | 'approvals';

export interface GateCheck {
  readonly id: GateCheckId;
  readonly ok: boolean;
  /** Why it failed, or what was established when it passed. */
  readonly detail: string;
}

export interface PlanGateResult {
  readonly ok: boolean;
  readonly checks: readonly GateCheck[];
  /** The verified SignedPlan, present only when every check passed. */
  readonly signedPlan?: SignedPlan;
  readonly signer?: BundleSigner;
}

export interface PlanFilesInput {
  /** Text of plans/signed/v<N>.json, the readable copy. */
  readonly signedPlanJson: string;
  /** Text of plans/signed/v<N>.sigstore.json. */
  readonly bundleJson: string;
  /** Bytes of plans/migration_plan.json at the commit being run. */
  readonly planBytes: Uint8Array;
  /** The policy in force, parsed: at execution, the default branch's before the plan merged. */
  readonly policy: ApprovalPolicy;
  /**
   * The inputs manifest recomputed from the files being run (core/repo inputsManifest): every path and
   * digest must equal the SignedPlan's `inputs`. Without it the check fails: nothing is run unchecked.
   */
  readonly inputs?: Readonly<Record<string, string>>;
  /** .migration/config.yml of the default branch, parsed: trust policy (signers) and roles. */
  readonly config: unknown;
  /** Transitions whose approvals must be present; the design's default is up to PLANNED->EXECUTED. */
  readonly approvalsRequired?: readonly string[];
  /** N of plans/signed/v<N>.json; when given, the signed version must equal it. */
  readonly expectedVersion?: number;
  /** Sigstore trusted root (JSON), for keyless bundles. */
  readonly trustedRoot?: unknown;
}

function message(e: unknown): string {
  return isCopilotError(e) || e instanceof Error ? e.message : String(e);
}

function rolesOf(config: unknown): Record<string, RoleMembers> | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const roles = (config as { roles?: unknown }).roles;
  return typeof roles === 'object' && roles !== null ? (roles as Record<string, RoleMembers>) : undefined;
}

export function checkPlanFromFiles(input: PlanFilesInput): PlanGateResult {
  const checks: GateCheck[] = [];
  const add = (id: GateCheckId, ok: boolean, detail: string) => { checks.push({ id, ok, detail }); return ok; };
  const skipped = (id: GateCheckId, why: string) => add(id, false, `not checked: ${why}`);

  let verified: ReturnType<typeof verifySignedPlanBundle> | undefined;
  let trust: TrustPolicy | undefined;
  try {
    trust = trustPolicyFromConfig(input.config, input.trustedRoot);
    add('trust-policy', true, `${trust.keys.length} key(s), ${trust.keyless.length} keyless identit${trust.keyless.length === 1 ? 'y' : 'ies'}`);
  } catch (e) {
    add('trust-policy', false, message(e));
    skipped('signature', 'the trust policy is unusable');
  }
  if (trust) {
    try {
      verified = verifySignedPlanBundle(input.bundleJson, trust);
      const s = verified.signer;
      add('signature', true, s.kind === 'key' ? `signed by key ${s.id} (${s.algorithm})` : `signed by ${s.identity} (issuer ${s.issuer})`);
    } catch (e) {
      // A refusal is this check's answer; a malformed trusted root or a crash is not the plan's fault.
      if (!isCopilotError(e) || e.kind !== 'refused') throw e;
      add('signature', false, message(e));
    }
  }

  let readable: unknown;
  let readableOk = false;
  try {
    readable = JSON.parse(input.signedPlanJson);
    readableOk = true;
  } catch (e) {
    add('readable-copy', false, `the readable copy is not JSON: ${message(e)}`);
  }
  if (readableOk) {
    if (!verified) skipped('readable-copy', 'there is no verified payload to compare it with');
    else if (canonicalJson(readable) !== verified.payload.toString('utf8')) add('readable-copy', false, 'the readable copy differs from the signed payload');
    else add('readable-copy', true, 'identical to the signed payload');
  }

  // Without a verified payload nothing below can be trusted; it still runs on the readable copy so that
  // one refusal names every problem, but the result stays a refusal.
  const subject = verified?.value ?? (readableOk ? readable : undefined);
  const schemaErrors = subject === undefined ? ['no SignedPlan to check'] : signedPlanSchemaErrors(subject);
  if (!add('schema', schemaErrors.length === 0, schemaErrors.length === 0 ? 'matches signed_plan.schema.json' : schemaErrors.join('; '))) {
    return { ok: false, checks };
  }
  const plan = subject as SignedPlan;

  if (input.expectedVersion !== undefined) {
    add('version', plan.version === input.expectedVersion, plan.version === input.expectedVersion
      ? `v${plan.version}` : `the file is v${input.expectedVersion} but the signed plan says version ${plan.version}`);
  }
  add('status', plan.status === 'APPROVED', `status ${plan.status}`);
  const policyVersion = canonicalDigest(input.policy);
  add('policy-version', plan.policy_version === policyVersion, plan.policy_version === policyVersion
    ? `policy ${policyVersion}` : `signed under policy ${plan.policy_version}, the policy in force is ${policyVersion} (edited after signing?)`);
  const planSha = sha256Hex(input.planBytes);
  add('plan-sha256', plan.plan_sha256 === planSha, plan.plan_sha256 === planSha
    ? `plan ${planSha}` : `signed plan_sha256 ${plan.plan_sha256}, plans/migration_plan.json is ${planSha}`);
  if (input.inputs === undefined) skipped('inputs', 'no inputs manifest of the files being run was given');
  else {
    const differences = manifestDifferences(plan.inputs, input.inputs);
    add('inputs', differences.length === 0, differences.length === 0
      ? `${Object.keys(plan.inputs).length} file(s) as signed` : differences.join('; '));
  }
  const notPassed = plan.validators.filter((v) => v.status !== 'pass');
  add('validators', notPassed.length === 0, notPassed.length === 0
    ? `${plan.validators.length} passed` : notPassed.map((v) => `${v.id} ${v.status}`).join('; '));
  const shortfalls = approvalShortfalls({
    approvals: plan.approvals, policy: input.policy, planSha256: planSha,
    transitions: input.approvalsRequired ?? SIGNING_TRANSITIONS, roles: rolesOf(input.config), teams: plan.teams,
  });
  add('approvals', shortfalls.length === 0, shortfalls.length === 0
    ? plan.approvals.map((a) => `${a.role}: ${a.approver}`).join(', ') : shortfalls.join('; '));

  const ok = checks.every((c) => c.ok);
  return ok ? { ok, checks, signedPlan: plan, signer: verified?.signer } : { ok, checks };
}

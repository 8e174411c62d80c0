// The SignedPlan: what a runner may execute, and the bytes a signature covers. Its master definition is
// core/schemas/signed_plan.schema.json; this interface mirrors it (keep them in step).
import { canonicalJson } from '../json/canonical.js';

/** DSSE payloadType of a SignedPlan bundle. A bundle with any other type is refused. */
export const SIGNED_PLAN_PAYLOAD_TYPE = 'application/vnd.migration-copilot.signed-plan+json';

/** The transitions whose approvals a plan needs before it is signed ("up to PLANNED->EXECUTED"). */
export const SIGNING_TRANSITIONS: readonly string[] = ['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED'];

export interface SignedPlanApproval {
  readonly approver: string;
  readonly role: string;
  /** "FROM->TO" with the state names of the lifecycle. */
  readonly transition: string;
  /** RFC 3339 time of the review. */
  readonly timestamp: string;
  /** The pull request reviewed: `owner/repo#number@head_sha`. */
  readonly scope: string;
  /** sha256 of plans/migration_plan.json as reviewed; must equal plan_sha256. */
  readonly sha256_of_reviewed: string;
}

export interface SignedPlanValidator {
  readonly id: string;
  readonly version: string;
  readonly status: 'pass' | 'fail' | 'error';
}

export interface SignedPlan {
  readonly plan_id: string;
  readonly version: number;
  readonly project_id: string;
  readonly status: 'APPROVED';
  readonly policy_version: string;
  readonly plan_sha256: string;
  readonly approvals: readonly SignedPlanApproval[];
  readonly validators: readonly SignedPlanValidator[];
  readonly created_at: string;
}

/** The DSSE payload: the RFC 8785 canonical JSON bytes of the SignedPlan. */
export function signedPlanPayload(plan: SignedPlan): Buffer {
  return Buffer.from(canonicalJson(plan), 'utf8');
}

/** The readable copy written next to the bundle (plans/signed/v<N>.json): canonical JSON and a newline. */
export function signedPlanReadableCopy(plan: SignedPlan): string {
  return `${canonicalJson(plan)}\n`;
}

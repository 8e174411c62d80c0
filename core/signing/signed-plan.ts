// The SignedPlan: what a runner may execute, and the bytes a signature covers. Its master definition is
// core/schemas/signed_plan.schema.json; the type is generated from it.
import { canonicalJson } from '../json/canonical.js';
import type { DeepReadonly } from '../schema/index.js';
import type { SignedPlan as GeneratedSignedPlan } from '../types/generated.js';

/** DSSE payloadType of a SignedPlan bundle. A bundle with any other type is refused. */
export const SIGNED_PLAN_PAYLOAD_TYPE = 'application/vnd.migration-copilot.signed-plan+json';

/** The transitions whose approvals a plan needs before it is signed ("up to PLANNED->EXECUTED"). */
export const SIGNING_TRANSITIONS: readonly string[] = ['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED'];

/** The SignedPlan, typed from its schema (core/types/generated.ts), read-only. */
export type SignedPlan = DeepReadonly<GeneratedSignedPlan>;
/** One approval: sha256_of_reviewed is the digest of plans/migration_plan.json as reviewed (== plan_sha256). */
export type SignedPlanApproval = SignedPlan['approvals'][number];
export type SignedPlanValidator = SignedPlan['validators'][number];

/** The DSSE payload: the RFC 8785 canonical JSON bytes of the SignedPlan. */
export function signedPlanPayload(plan: SignedPlan): Buffer {
  return Buffer.from(canonicalJson(plan), 'utf8');
}

/** The readable copy written next to the bundle (plans/signed/v<N>.json): canonical JSON and a newline. */
export function signedPlanReadableCopy(plan: SignedPlan): string {
  return `${canonicalJson(plan)}\n`;
}

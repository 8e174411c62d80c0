// The inputs and the self-explaining result of the approval rules (design, Approvals).
import type { Codeowners } from '../codeowners/parse.js';
import type { DeepReadonly } from '../schema/readonly.js';
import type { ApprovalsRecordReview, RoleMembers as ConfigRoleMembers } from '../types/generated.js';
import type { ApprovalPolicy } from '../state/required-roles.js';

export type ReviewState = ApprovalsRecordReview['state'];

/** A pull request review as GitHub reports it (core/schemas/approvals_record.schema.json). */
export type Review = DeepReadonly<ApprovalsRecordReview>;

/** Who fills a role (.migration/config.yml `roles`, core/schemas/config.schema.json). */
export type RoleMembers = DeepReadonly<ConfigRoleMembers>;

export interface ApprovalsInput {
  /** "FROM->TO", a lifecycle transition, or "policy_change" for a change of the rules themselves. */
  readonly transition: string;
  /** The roles this rule needs; by default the policy's roles for `transition`. */
  readonly requiredRoles?: readonly string[];
  readonly reviews: readonly Review[];
  /** From the base branch's .migration/config.yml. */
  readonly roles: Readonly<Record<string, RoleMembers | undefined>>;
  /** "org/team" -> member logins. */
  readonly teams: Readonly<Record<string, readonly string[] | undefined>>;
  /** The base branch's CODEOWNERS, parsed; null when the repository has none. */
  readonly codeowners: Codeowners | null;
  readonly changedFiles: readonly string[];
  /** The pull request's author. */
  readonly author: string;
  readonly headSha: string;
  /** sha256 of plans/migration_plan.json at headSha: what every counted approval reviewed. */
  readonly planSha256: string;
  /** The pull request reviewed: "owner/repo#number@head_sha". */
  readonly scope: string;
  readonly policy: ApprovalPolicy;
}

/** One approval as recorded in a SignedPlan. */
export interface RecordedApproval {
  readonly approver: string;
  readonly role: string;
  readonly transition: string;
  readonly timestamp: string;
  readonly scope: string;
  readonly sha256_of_reviewed: string;
}

export interface RejectedCandidate {
  readonly user: string;
  readonly reason: string;
}

export interface RoleResult {
  readonly role: string;
  readonly status: 'filled' | 'missing';
  readonly by?: string;
  readonly candidates_rejected: readonly RejectedCandidate[];
}

export interface CodeownersResult {
  readonly file: string;
  /** As written in CODEOWNERS; empty when nobody owns the file. */
  readonly owners: readonly string[];
  readonly status: 'approved' | 'missing' | 'no_owners';
  readonly approved_by?: string;
  /** The CODEOWNERS line that decided (last matching pattern). */
  readonly line?: number;
  /** Owners who reviewed but whose review does not count, and why (only when status is missing). */
  readonly candidates_rejected?: readonly RejectedCandidate[];
}

export interface ApprovalsResult {
  readonly satisfied: boolean;
  readonly transition: string;
  readonly roles: readonly RoleResult[];
  readonly codeowners: readonly CodeownersResult[];
  /** One per filled role, ready for SignedPlan.approvals. */
  readonly approvals: readonly RecordedApproval[];
  /** Why the rules are not satisfied; empty when they are. */
  readonly reasons: readonly string[];
  /** What does not block but needs attention (malformed CODEOWNERS lines, unknown teams). */
  readonly warnings: readonly string[];
}

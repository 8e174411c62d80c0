// The approvals a SignedPlan must carry, checked against the policy in force (and, when given, the roles
// of .migration/config.yml). Shared by buildSignedPlan (before signing) and the plan gate (before running),
// so both say no for the same reasons in the same words.
import type { SignedPlanApproval } from './signed-plan.js';

/** The part of the policy this check reads: transition "FROM->TO" -> roles that must approve it. */
export interface ApprovalPolicy {
  readonly approvals?: Readonly<Record<string, readonly string[] | undefined>>;
}

/** The part of .migration/config.yml this check reads. */
export interface RoleMembers {
  readonly users?: readonly string[];
  readonly teams?: readonly string[];
}

export interface ApprovalsCheckInput {
  readonly approvals: readonly SignedPlanApproval[];
  readonly policy: ApprovalPolicy;
  readonly planSha256: string;
  readonly transitions: readonly string[];
  /** Role membership from config; when absent, membership is not checked. */
  readonly roles?: Readonly<Record<string, RoleMembers>>;
}

/** Roles the policy requires for a transition; a transition the policy does not list needs none. */
export function requiredRoles(policy: ApprovalPolicy, transition: string): readonly string[] {
  const roles = policy.approvals?.[transition];
  return Array.isArray(roles) ? roles : [];
}

/** Every reason the approvals fall short, in a stable order; empty when they are complete. */
export function approvalShortfalls(input: ApprovalsCheckInput): string[] {
  const reasons: string[] = [];
  const { approvals, policy, planSha256, transitions } = input;
  for (const transition of transitions) {
    const roles = requiredRoles(policy, transition);
    for (const role of roles) {
      const found = approvals.filter((a) => a.transition === transition && a.role === role);
      if (found.length === 0) {
        reasons.push(`missing approval: role ${role} for ${transition}`);
        continue;
      }
      for (const a of found) {
        if (a.sha256_of_reviewed !== planSha256) {
          reasons.push(
            `stale approval: ${a.approver} (${role}, ${transition}) reviewed plan sha256 ${a.sha256_of_reviewed.slice(0, 12)}…, ` +
              `the plan is ${planSha256.slice(0, 12)}…`,
          );
        }
      }
    }
    const byPerson = new Map<string, Set<string>>();
    for (const a of approvals.filter((x) => x.transition === transition)) {
      byPerson.set(a.approver, (byPerson.get(a.approver) ?? new Set()).add(a.role));
    }
    for (const [person, held] of byPerson) {
      if (held.size > 1) reasons.push(`${person} fills ${held.size} roles of ${transition} (${[...held].sort().join(', ')}); one person fills at most one`);
    }
  }
  for (const a of approvals) {
    if (!transitions.includes(a.transition)) {
      reasons.push(`approval by ${a.approver} is for ${a.transition}, which is not signed here (${transitions.join(', ')})`);
    } else if (!requiredRoles(policy, a.transition).includes(a.role)) {
      reasons.push(`approval by ${a.approver} as ${a.role}: the policy does not ask ${a.role} to approve ${a.transition}`);
    }
    // Team membership was resolved when the approval was recorded; files alone cannot re-check it, so a
    // role with teams accepts an approver who is not among its users.
    const members = input.roles?.[a.role];
    if (input.roles && !members) {
      reasons.push(`approval by ${a.approver} as ${a.role}: role ${a.role} is not defined in .migration/config.yml`);
    } else if (members && !(members.users ?? []).includes(a.approver) && (members.teams ?? []).length === 0) {
      reasons.push(`approval by ${a.approver} as ${a.role}: ${a.approver} is not a member of role ${a.role} in .migration/config.yml`);
    }
  }
  return reasons;
}

// The approvals a SignedPlan must carry, checked against the policy in force and the roles of
// .migration/config.yml on the default branch. Shared by buildSignedPlan (before signing) and the plan gate
// (before running), so both say no for the same reasons in the same words. The role rules themselves
// (which roles a transition needs, who is a member) are core/state's and core/approvals' single copy:
// logins compare case-insensitively, as GitHub's do, and a team-backed approver counts only when the
// SignedPlan pinned the team's members at signing.
import { isRoleMember, type Teams } from '../approvals/membership.js';
import { sameLogin } from '../approvals/reviews.js';
import type { RoleMembers } from '../approvals/types.js';
import { requiredRoles, type ApprovalPolicy } from '../state/required-roles.js';
import type { SignedPlanApproval } from './signed-plan.js';

export type { ApprovalPolicy, RoleMembers };

export interface ApprovalsCheckInput {
  readonly approvals: readonly SignedPlanApproval[];
  readonly policy: ApprovalPolicy;
  readonly planSha256: string;
  readonly transitions: readonly string[];
  /** Role membership from the default branch's config; when absent, membership is not checked. */
  readonly roles?: Readonly<Record<string, RoleMembers | undefined>>;
  /** Team members pinned in the SignedPlan at signing (org/team -> logins). */
  readonly teams?: Teams;
}

function safeRequiredRoles(policy: ApprovalPolicy, transition: string): readonly string[] {
  try {
    return requiredRoles(policy, transition);
  } catch {
    return [];
  }
}

/** Every reason the approvals fall short, in a stable order; empty when they are complete. */
export function approvalShortfalls(input: ApprovalsCheckInput): string[] {
  const reasons: string[] = [];
  const { approvals, policy, planSha256, transitions } = input;
  for (const transition of transitions) {
    const roles = safeRequiredRoles(policy, transition);
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
    const byPerson = new Map<string, { name: string; roles: Set<string> }>();
    for (const a of approvals.filter((x) => x.transition === transition)) {
      const key = a.approver.toLowerCase();
      const entry = byPerson.get(key) ?? { name: a.approver, roles: new Set<string>() };
      entry.roles.add(a.role);
      byPerson.set(key, entry);
    }
    for (const { name, roles: held } of byPerson.values()) {
      if (held.size > 1) reasons.push(`${name} fills ${held.size} roles of ${transition} (${[...held].sort().join(', ')}); one person fills at most one`);
    }
  }
  for (const a of approvals) {
    if (!transitions.includes(a.transition)) {
      reasons.push(`approval by ${a.approver} is for ${a.transition}, which is not signed here (${transitions.join(', ')})`);
    } else if (!safeRequiredRoles(policy, a.transition).includes(a.role)) {
      reasons.push(`approval by ${a.approver} as ${a.role}: the policy does not ask ${a.role} to approve ${a.transition}`);
    }
    if (!input.roles) continue;
    const members = input.roles[a.role];
    if (!members) {
      reasons.push(`approval by ${a.approver} as ${a.role}: role ${a.role} is not defined in .migration/config.yml`);
    } else if (!isRoleMember(members, input.teams ?? {}, a.approver)) {
      const teams = members.teams ?? [];
      reasons.push(`approval by ${a.approver} as ${a.role}: ${a.approver} is not a member of role ${a.role} in .migration/config.yml` +
        (teams.length > 0 ? ` (nor of ${teams.join(', ')} as pinned in the signed plan)` : ''));
    }
  }
  return reasons;
}

/** The members of every team of `roles` that one of `approvers` relied on: what a SignedPlan pins. */
export function pinnedTeams(
  approvals: readonly { readonly approver: string; readonly role: string }[],
  roles: Readonly<Record<string, RoleMembers | undefined>>,
  teams: Teams,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of approvals) {
    const role = roles[a.role];
    if (!role || (role.users ?? []).some((u) => sameLogin(u, a.approver))) continue;
    for (const team of role.teams ?? []) {
      const key = Object.keys(teams).find((k) => sameLogin(k, team));
      const members = key === undefined ? undefined : teams[key];
      if (members && members.some((m) => sameLogin(m, a.approver))) out[key!] = [...members].sort();
    }
  }
  return out;
}

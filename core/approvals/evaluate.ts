// The approval rules of the design, as a pure function of what the pull request shows. Every role
// and every changed file gets a line saying who satisfied it or why nobody did.
import { CopilotError } from '../errors.js';
import { requiredRoles } from '../state/required-roles.js';
import { transitionsBetween, type State } from '../state/states.js';
import { maximumMatching } from './matching.js';
import { isOwner, isRoleMember, unknownTeams } from './membership.js';
import { standings, type Standing } from './reviews.js';
import type {
  ApprovalsInput, ApprovalsResult, CodeownersResult, RecordedApproval, RejectedCandidate, RoleResult,
} from './types.js';

type Approver = Extract<Standing, { approves: true }>;
type Rejected = Extract<Standing, { approves: false }>;

function evaluateRoles(input: ApprovalsInput, roles: string[], all: Standing[]) {
  const approvers = all.filter((s): s is Approver => s.approves);
  const member = (role: string, user: string) => isRoleMember(input.roles[role], input.teams, user);
  const matched = maximumMatching(roles.length, approvers.length, (r, c) => member(roles[r]!, approvers[c]!.user));
  const roleOf = new Map<string, string>();
  for (const [r, c] of matched) roleOf.set(approvers[c]!.user, roles[r]!);

  const results: RoleResult[] = roles.map((role, r) => {
    const c = matched.get(r);
    const by = c === undefined ? undefined : approvers[c]!.user;
    const rejected: RejectedCandidate[] = [];
    for (const s of all) {
      if (s.user === by) continue;
      if (!member(role, s.user)) rejected.push({ user: s.user, reason: `not a member of role ${role}` });
      else if (!s.approves) rejected.push({ user: s.user, reason: s.reason });
      else if (roleOf.has(s.user)) rejected.push({ user: s.user, reason: `already filled role ${roleOf.get(s.user)}` });
      else rejected.push({ user: s.user, reason: `not needed: role ${role} already filled by ${by}` });
    }
    return by === undefined
      ? { role, status: 'missing', candidates_rejected: rejected }
      : { role, status: 'filled', by, candidates_rejected: rejected };
  });
  const approvals: RecordedApproval[] = [];
  for (const [r, c] of [...matched].sort((a, b) => a[0] - b[0])) {
    approvals.push({
      approver: approvers[c]!.user, role: roles[r]!, transition: input.transition,
      timestamp: approvers[c]!.review.submitted_at, scope: input.scope, sha256_of_reviewed: input.planSha256,
    });
  }
  return { results, approvals };
}

function evaluateCodeowners(input: ApprovalsInput, all: Standing[]): CodeownersResult[] {
  const approvers = all.filter((s): s is Approver => s.approves);
  return input.changedFiles.map((file): CodeownersResult => {
    const ownership = input.codeowners?.ownersOf(file);
    if (!ownership || ownership.owners.length === 0) {
      return ownership?.line === undefined
        ? { file, owners: [], status: 'no_owners' }
        : { file, owners: [], status: 'no_owners', line: ownership.line };
    }
    const owners = ownership.owners.map((o) => o.text);
    const owns = (user: string) => ownership.owners.some((o) => isOwner(o, input.teams, user));
    const by = approvers.find((a) => owns(a.user));
    if (by) return { file, owners, status: 'approved', approved_by: by.user, line: ownership.line! };
    const rejected = all.filter((s): s is Rejected => !s.approves && owns(s.user)).map((s) => ({ user: s.user, reason: s.reason }));
    return { file, owners, status: 'missing', line: ownership.line!, candidates_rejected: rejected };
  });
}

function warningsFor(input: ApprovalsInput, roles: string[], codeowners: CodeownersResult[]): string[] {
  const warnings: string[] = [];
  for (const f of input.codeowners?.findings ?? []) warnings.push(`${f.path}:${f.line}: ${f.message}`);
  const roleTeams = roles.flatMap((r) => [...(input.roles[r]?.teams ?? [])]);
  const ownerTeams = (input.codeowners?.rules ?? []).flatMap((rule) => rule.owners)
    .filter((o) => o.kind === 'team' && codeowners.some((c) => c.owners.includes(o.text))).map((o) => o.name);
  for (const team of unknownTeams([...roleTeams, ...ownerTeams], input.teams)) {
    warnings.push(`team ${team} has no member list in the approvals record, so none of its members can be recognised`);
  }
  const emails = new Set(codeowners.flatMap((c) => c.owners.filter((o) => !o.startsWith('@'))));
  for (const email of [...emails].sort()) {
    warnings.push(`code owner ${email} is an email address, which cannot be matched to a reviewer's login; name the user instead`);
  }
  return warnings;
}

/** Applies every approval rule of the design to one transition. Pure; throws only on a bad transition key. */
export function evaluateApprovals(input: ApprovalsInput): ApprovalsResult {
  const roles = input.requiredRoles ? [...new Set(input.requiredRoles)] : requiredRoles(input.policy, input.transition);
  const all = standings(input.reviews, input.author, input.headSha);
  const { results, approvals } = evaluateRoles(input, roles, all);
  const codeowners = evaluateCodeowners(input, all);

  const reasons: string[] = [];
  for (const role of results) {
    if (role.status === 'filled') continue;
    const defined = input.roles[role.role] !== undefined;
    const why = !defined
      ? `role ${role.role} is not defined in .migration/config.yml roles`
      : role.candidates_rejected.length === 0
        ? 'nobody has reviewed'
        : role.candidates_rejected.map((c) => `${c.user}: ${c.reason}`).join('; ');
    reasons.push(`${input.transition}: role ${role.role} is missing (${why})`);
  }
  for (const file of codeowners) {
    if (file.status !== 'missing') continue;
    const rejected = (file.candidates_rejected ?? []).map((c) => `${c.user}: ${c.reason}`).join('; ');
    reasons.push(`${file.file}: none of its code owners (${file.owners.join(', ')}) approved head ${input.headSha.slice(0, 7)}` +
      ` (CODEOWNERS line ${file.line}${rejected ? `; ${rejected}` : ''})`);
  }
  return {
    satisfied: reasons.length === 0,
    transition: input.transition,
    roles: results,
    codeowners,
    approvals,
    reasons,
    warnings: warningsFor(input, roles, codeowners),
  };
}

export interface ApprovalsUpToResult {
  readonly satisfied: boolean;
  readonly from: State;
  readonly to: State;
  /** One result per transition, in lifecycle order. */
  readonly transitions: readonly ApprovalsResult[];
  /** Every approval of every transition, for SignedPlan.approvals. */
  readonly approvals: readonly RecordedApproval[];
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The rules for every forward transition from `state` (where the pull request stands) up to the one
 * reaching `target`: evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', ...) checks PLAN_DRAFTED->PLANNED
 * and PLANNED->EXECUTED, what `/plan sign` demands. One person may fill roles of different transitions.
 */
export function evaluateApprovalsUpTo(
  state: State,
  target: State,
  input: Omit<ApprovalsInput, 'transition'>,
): ApprovalsUpToResult {
  const keys = transitionsBetween(state, target);
  if (keys.length === 0) {
    throw new CopilotError('INPUT_INVALID', `${target} is not after ${state} on the lifecycle; nothing to approve between them`);
  }
  const transitions = keys.map((transition) => evaluateApprovals({ ...input, transition }));
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    satisfied: transitions.every((t) => t.satisfied),
    from: state,
    to: target,
    transitions,
    approvals: transitions.flatMap((t) => t.approvals),
    reasons: unique(transitions.flatMap((t) => t.reasons)),
    warnings: unique(transitions.flatMap((t) => t.warnings)),
  };
}

// A plain fake of what a pull request shows, for the approval rules. Each test overrides what it needs.
import { parseCodeowners } from '../../../core/codeowners/parse.js';
import type { ApprovalsInput, Review, ReviewState } from '../../../core/approvals/types.js';

export const HEAD = `def5678${'0'.repeat(33)}`;
export const OLD = `abc1234${'1'.repeat(33)}`;
export const PLAN_SHA = 'e'.repeat(64);
export const SCOPE = `acme/mig#7@${HEAD}`;

export const POLICY = {
  approvals: {
    'PLAN_DRAFTED->PLANNED': ['tech_lead'],
    'PLANNED->EXECUTED': ['data_owner', 'security'],
    'RECONCILED->PARALLEL_VALIDATED': ['qa_lead'],
    'PARALLEL_VALIDATED->CUTOVER_READY': ['business_owner'],
    'CUTOVER_READY->CUTOVER_DONE': ['release_manager', 'data_owner'],
  },
};

export const ROLES = {
  tech_lead: { users: ['alice'], teams: ['acme/data-leads'] },
  data_owner: { users: ['dora'] },
  security: { users: ['sam'] },
  qa_lead: { users: ['quinn'] },
  business_owner: { users: ['bo'] },
  release_manager: { users: ['rita'] },
};

export const TEAMS = { 'acme/data-leads': ['lee'], 'acme/plan-owners': ['alice', 'lee', 'olga'] };

/** Plans belong to the plan-owners team; everything else to alice. */
export const CODEOWNERS = '* @alice\n/plans/ @acme/plan-owners\n';

let nextId = 1;
/** A review; `minute` orders them in time. */
export function review(user: string, state: ReviewState, minute: number, commit: string | null = HEAD): Review {
  return {
    id: nextId++, user, state, commit_id: commit,
    submitted_at: `2026-11-27T10:${String(minute).padStart(2, '0')}:00Z`,
  };
}

export function input(overrides: Partial<ApprovalsInput> = {}): ApprovalsInput {
  return {
    transition: 'PLAN_DRAFTED->PLANNED',
    reviews: [],
    roles: ROLES,
    teams: TEAMS,
    codeowners: parseCodeowners(CODEOWNERS),
    changedFiles: ['plans/migration_plan.json'],
    author: 'carol',
    headSha: HEAD,
    planSha256: PLAN_SHA,
    scope: SCOPE,
    policy: POLICY,
    ...overrides,
  };
}

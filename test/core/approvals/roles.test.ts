// One row per approval rule, and per interaction of two rules, for the roles of a transition.
import { describe, expect, it } from 'vitest';
import { evaluateApprovals } from '../../../core/approvals/evaluate.js';
import type { ApprovalsInput, Review } from '../../../core/approvals/types.js';
import { input, OLD, review } from './fixtures.js';

interface Row {
  name: string;
  reviews: Review[];
  over?: Partial<ApprovalsInput>;
  /** role -> who fills it, or null for missing */
  roles: Record<string, string | null>;
  /** [role, user, part of the reason] */
  rejected?: [string, string, string][];
  reason?: string;
}

// Rows that do not pass codeowners review explicitly get olga (a plan owner in no role) approving.
const OLGA = () => review('olga', 'APPROVED', 1);

const ROWS: Row[] = [
  { name: 'a listed user approves on head', reviews: [review('alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'alice' } },
  { name: 'a member of a listed team approves', reviews: [review('lee', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'lee' } },
  {
    name: 'an approval on an older commit is stale',
    reviews: [review('alice', 'APPROVED', 5, OLD), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'stale: reviewed abc1234, head is def5678']],
  },
  {
    name: 'a review whose commit GitHub lost is stale',
    reviews: [review('alice', 'APPROVED', 5, null), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'stale: reviewed an unknown commit, head is def5678']],
  },
  {
    name: 'the author cannot approve their own PR',
    reviews: [review('alice', 'APPROVED', 5), OLGA()], over: { author: 'alice' }, roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'author cannot approve own PR']],
  },
  {
    name: 'the author is recognised whatever the case of the login',
    reviews: [review('ALICE', 'APPROVED', 5), OLGA()], over: { author: 'alice' }, roles: { tech_lead: null },
    rejected: [['tech_lead', 'ALICE', 'author cannot approve own PR']],
  },
  {
    name: 'someone outside the role does not fill it',
    reviews: [review('zed', 'APPROVED', 5), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'zed', 'not a member of role tech_lead'], ['tech_lead', 'olga', 'not a member of role tech_lead']],
  },
  {
    name: 'a later CHANGES_REQUESTED withdraws the approval',
    reviews: [review('alice', 'APPROVED', 5), review('alice', 'CHANGES_REQUESTED', 6), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'superseded by later CHANGES_REQUESTED']],
  },
  {
    name: 'changes requested without an earlier approval',
    reviews: [review('alice', 'CHANGES_REQUESTED', 6), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'requested changes']],
  },
  {
    name: 'a later COMMENTED review does not cancel the approval',
    reviews: [review('alice', 'APPROVED', 5), review('alice', 'COMMENTED', 6), OLGA()], roles: { tech_lead: 'alice' },
  },
  {
    name: 'a later COMMENTED review on a newer head does not make the approval current',
    reviews: [review('alice', 'APPROVED', 5, OLD), review('alice', 'COMMENTED', 6), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'stale']],
  },
  {
    name: 'only comments are no approval',
    reviews: [review('alice', 'COMMENTED', 5), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'commented without approving']],
  },
  {
    name: 'a dismissed review never counts',
    reviews: [review('alice', 'DISMISSED', 5), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'dismissed']],
  },
  {
    name: 'a dismissed latest review does not bring back an older approval',
    reviews: [review('alice', 'APPROVED', 4), review('alice', 'DISMISSED', 5), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'dismissed']],
  },
  {
    name: 'a new approval after a dismissal counts',
    reviews: [review('alice', 'DISMISSED', 4), review('alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'alice' },
  },
  {
    name: 'an approval after requesting changes counts',
    reviews: [review('alice', 'CHANGES_REQUESTED', 4), review('alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'alice' },
  },
  {
    name: 're-approving after a push makes the approval current again',
    reviews: [review('alice', 'APPROVED', 4, OLD), review('alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'alice' },
  },
  {
    name: 'reviews are ordered by time, not by list position',
    reviews: [review('alice', 'CHANGES_REQUESTED', 9), review('alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: null },
    rejected: [['tech_lead', 'alice', 'superseded by later CHANGES_REQUESTED']],
  },
  {
    name: 'logins compare without case',
    reviews: [review('Alice', 'APPROVED', 5), OLGA()], roles: { tech_lead: 'Alice' },
  },
  {
    name: 'a role nobody reviewed for is missing',
    reviews: [OLGA()], roles: { tech_lead: null }, reason: 'role tech_lead is missing',
  },
  {
    name: 'a role the config does not define cannot be filled',
    reviews: [review('alice', 'APPROVED', 5), OLGA()], over: { policy: { approvals: { 'PLAN_DRAFTED->PLANNED': ['dba'] } } },
    roles: { dba: null }, reason: 'role dba is not defined in .migration/config.yml roles',
  },
  {
    name: 'a transition the policy lists no roles for needs none',
    reviews: [OLGA()], over: { transition: 'CREATED->DISCOVERED' }, roles: {},
  },
  {
    name: 'both roles of PLANNED->EXECUTED filled by their members',
    reviews: [review('dora', 'APPROVED', 5), review('sam', 'APPROVED', 6), OLGA()],
    over: { transition: 'PLANNED->EXECUTED' }, roles: { data_owner: 'dora', security: 'sam' },
  },
  {
    name: 'one person fills at most one role of a transition',
    reviews: [review('dora', 'APPROVED', 5), OLGA()],
    over: { transition: 'PLANNED->EXECUTED', roles: { data_owner: { users: ['dora'] }, security: { users: ['dora', 'sam'] } } },
    roles: { data_owner: 'dora', security: null },
    rejected: [['security', 'dora', 'already filled role data_owner']],
  },
  {
    name: 'people are matched to roles so that most roles are filled, not first come first served',
    // dora approved first and could take data_owner; then sam (data_owner only) would leave security empty.
    reviews: [review('dora', 'APPROVED', 5), review('sam', 'APPROVED', 6), OLGA()],
    over: { transition: 'PLANNED->EXECUTED', roles: { data_owner: { users: ['dora', 'sam'] }, security: { users: ['dora'] } } },
    roles: { data_owner: 'sam', security: 'dora' },
  },
  {
    name: 'when either could fill either role, roles go in policy order to approvers in approval order',
    reviews: [review('sam', 'APPROVED', 5), review('dora', 'APPROVED', 6), OLGA()],
    over: { transition: 'PLANNED->EXECUTED', roles: { data_owner: { users: ['dora', 'sam'] }, security: { users: ['dora', 'sam'] } } },
    roles: { data_owner: 'sam', security: 'dora' },
    rejected: [['data_owner', 'dora', 'already filled role security'], ['security', 'sam', 'already filled role data_owner']],
  },
  {
    name: 'a second member of a filled role is not needed',
    reviews: [review('alice', 'APPROVED', 5), review('lee', 'APPROVED', 6), OLGA()], roles: { tech_lead: 'alice' },
    rejected: [['tech_lead', 'lee', 'not needed: role tech_lead already filled by alice']],
  },
  {
    name: 'the earlier approver fills a role when either could',
    reviews: [review('lee', 'APPROVED', 4), review('alice', 'APPROVED', 6), OLGA()], roles: { tech_lead: 'lee' },
  },
  {
    name: 'stale and valid approvals of two members: the valid one fills the role',
    reviews: [review('alice', 'APPROVED', 4, OLD), review('lee', 'APPROVED', 6), OLGA()], roles: { tech_lead: 'lee' },
    rejected: [['tech_lead', 'alice', 'stale']],
  },
  {
    name: 'an author who is a role member does not fill it even with another role free',
    reviews: [review('dora', 'APPROVED', 5), review('sam', 'APPROVED', 6), OLGA()],
    over: { transition: 'PLANNED->EXECUTED', author: 'dora' }, roles: { data_owner: null, security: 'sam' },
    rejected: [['data_owner', 'dora', 'author cannot approve own PR']],
  },
  {
    name: 'CUTOVER_READY->CUTOVER_DONE needs release_manager and data_owner',
    reviews: [review('rita', 'APPROVED', 5), OLGA()],
    over: { transition: 'CUTOVER_READY->CUTOVER_DONE' }, roles: { release_manager: 'rita', data_owner: null },
    rejected: [['data_owner', 'rita', 'not a member of role data_owner']],
  },
];

describe('evaluateApprovals: roles', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const result = evaluateApprovals(input({ reviews: row.reviews, ...row.over }));
    const got = Object.fromEntries(result.roles.map((r) => [r.role, r.status === 'filled' ? r.by! : null]));
    expect(got).toEqual(row.roles);
    for (const r of result.roles) expect(r.status === 'filled').toBe(r.by !== undefined);
    const allFilled = Object.values(row.roles).every((by) => by !== null);
    expect(result.satisfied).toBe(allFilled);
    expect(result.reasons.length === 0).toBe(allFilled);
    for (const [role, user, reason] of row.rejected ?? []) {
      const entry = result.roles.find((r) => r.role === role)!.candidates_rejected.find((c) => c.user === user);
      expect(entry?.reason, `${role}/${user}`).toContain(reason);
    }
    if (row.reason) expect(result.reasons.join('\n')).toContain(row.reason);
    expect(result.approvals.map((a) => [a.role, a.approver])).toEqual(
      Object.entries(row.roles).filter(([, by]) => by !== null),
    );
  });

  it('explains every reviewer who did not fill a role, current approvers first', () => {
    const result = evaluateApprovals(input({
      reviews: [review('alice', 'APPROVED', 5, OLD), review('zed', 'APPROVED', 6), review('carol', 'APPROVED', 7), OLGA()],
    }));
    expect(result.roles[0]!.candidates_rejected.map((c) => c.user).sort()).toEqual(['alice', 'carol', 'olga', 'zed']);
    expect(result.reasons[0]).toBe('PLAN_DRAFTED->PLANNED: role tech_lead is missing (' +
      'olga: not a member of role tech_lead; zed: not a member of role tech_lead; ' +
      'alice: stale: reviewed abc1234, head is def5678; carol: not a member of role tech_lead)');
  });

  it('refuses a key that is not a lifecycle transition', () => {
    expect(() => evaluateApprovals(input({ transition: 'PLANNED->CUTOVER_DONE' }))).toThrow('not a lifecycle transition');
  });
});

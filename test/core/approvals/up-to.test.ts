// The approvals a signed plan carries, and everything up to a target state.
import { describe, expect, it } from 'vitest';
import { evaluateApprovals, evaluateApprovalsUpTo } from '../../../core/approvals/evaluate.js';
import { CopilotError } from '../../../core/errors.js';
import { HEAD, input, PLAN_SHA, review, SCOPE } from './fixtures.js';

const { transition: _t, ...rest } = input();

describe('recorded approvals', () => {
  it('carry approver, role, transition, timestamp, scope and what was reviewed', () => {
    const result = evaluateApprovals(input({ reviews: [review('alice', 'COMMENTED', 1), review('alice', 'APPROVED', 7)] }));
    expect(result.approvals).toEqual([{
      approver: 'alice', role: 'tech_lead', transition: 'PLAN_DRAFTED->PLANNED',
      timestamp: '2026-11-27T10:07:00Z', scope: SCOPE, sha256_of_reviewed: PLAN_SHA,
    }]);
    expect(SCOPE).toBe(`acme/mig#7@${HEAD}`);
  });
});

describe('evaluateApprovalsUpTo', () => {
  it('checks PLAN_DRAFTED->PLANNED and PLANNED->EXECUTED for signing', () => {
    const result = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', {
      ...rest, reviews: [review('alice', 'APPROVED', 1), review('dora', 'APPROVED', 2), review('sam', 'APPROVED', 3)],
    });
    expect(result.satisfied).toBe(true);
    expect(result.transitions.map((t) => t.transition)).toEqual(['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED']);
    expect(result.approvals.map((a) => `${a.transition} ${a.role} ${a.approver}`)).toEqual([
      'PLAN_DRAFTED->PLANNED tech_lead alice',
      'PLANNED->EXECUTED data_owner dora',
      'PLANNED->EXECUTED security sam',
    ]);
    expect(result.reasons).toEqual([]);
  });

  it('is not satisfied when a later transition lacks a role, and says which', () => {
    const result = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', {
      ...rest, reviews: [review('alice', 'APPROVED', 1), review('dora', 'APPROVED', 2)],
    });
    expect(result.satisfied).toBe(false);
    expect(result.transitions.map((t) => t.satisfied)).toEqual([true, false]);
    expect(result.reasons).toEqual([expect.stringMatching(/^PLANNED->EXECUTED: role security is missing/)]);
  });

  it('lets one person fill roles of different transitions', () => {
    const roles = { ...rest.roles, data_owner: { users: ['alice'] } };
    const result = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', {
      ...rest, roles, reviews: [review('alice', 'APPROVED', 1), review('sam', 'APPROVED', 2)],
    });
    expect(result.satisfied).toBe(true);
    expect(result.approvals.map((a) => a.approver)).toEqual(['alice', 'alice', 'sam']);
  });

  it('reports a missing code owner once, not once per transition', () => {
    const result = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', {
      ...rest, changedFiles: ['README.md'], reviews: [review('lee', 'APPROVED', 1), review('dora', 'APPROVED', 2), review('sam', 'APPROVED', 3)],
    });
    expect(result.satisfied).toBe(false);
    expect(result.reasons.filter((r) => r.startsWith('README.md'))).toHaveLength(1);
  });

  it.each([
    ['EXECUTED', 'PLANNED'],
    ['PLANNED', 'PLANNED'],
    ['FAILED', 'EXECUTED'],
  ] as const)('refuses %s up to %s', (from, to) => {
    expect(() => evaluateApprovalsUpTo(from, to, rest)).toThrow(CopilotError);
  });
});

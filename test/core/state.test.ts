import { describe, expect, it } from 'vitest';
import {
  canTransition, FORWARD_TRANSITIONS, parseTransitionKey, STATES, transitionsBetween, type State,
} from '../../core/state/states.js';
import { invalidApprovalKeys, requiredRoles } from '../../core/state/required-roles.js';
import { CopilotError } from '../../core/errors.js';
import { POLICY } from './approvals/fixtures.js';

describe('canTransition', () => {
  it.each<[State, State, boolean, string, State?]>([
    ['CREATED', 'DISCOVERED', true, 'next step'],
    ['DISCOVERED', 'PLAN_DRAFTED', true, 'next step'],
    ['PLAN_DRAFTED', 'PLANNED', true, 'next step'],
    ['PLANNED', 'EXECUTED', true, 'next step'],
    ['EXECUTED', 'RECONCILED', true, 'next step'],
    ['RECONCILED', 'PARALLEL_VALIDATED', true, 'next step'],
    ['PARALLEL_VALIDATED', 'CUTOVER_READY', true, 'next step'],
    ['CUTOVER_READY', 'CUTOVER_DONE', true, 'next step'],
    ['CUTOVER_DONE', 'EVIDENCE_COMPLETE', true, 'next step'],
    ['PLAN_DRAFTED', 'EXECUTED', false, 'skips or reverses'],
    ['EXECUTED', 'PLANNED', false, 'skips or reverses'],
    ['CREATED', 'CREATED', false, 'does not change'],
    ['PLANNED', 'FAILED', true, 'may fail'],
    ['EXECUTED', 'FAILED', true, 'may fail'],
    ['CUTOVER_READY', 'FAILED', true, 'may fail'],
    ['FAILED', 'FAILED', false, 'does not change'],
    ['FAILED', 'PLANNED', true, 'resume'],
    ['FAILED', 'PLANNED', true, 'resume', 'PLANNED'],
    ['FAILED', 'EXECUTED', false, 'resuming returns to the state that failed (PLANNED)', 'PLANNED'],
    ['FAILED', 'EVIDENCE_COMPLETE', false, 'never one'],
    ['FAILED', 'ABORTED', true, 'aborted'],
    ['CREATED', 'ABORTED', true, 'aborted'],
    ['CUTOVER_DONE', 'ABORTED', true, 'aborted'],
    ['EVIDENCE_COMPLETE', 'ABORTED', false, 'terminal'],
    ['EVIDENCE_COMPLETE', 'FAILED', false, 'terminal'],
    ['ABORTED', 'CREATED', false, 'terminal'],
    ['ABORTED', 'FAILED', false, 'terminal'],
  ])('%s -> %s: %s', (from, to, allowed, reason, failedFrom) => {
    const verdict = canTransition(from, to, failedFrom ? { failedFrom } : {});
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reason).toContain(reason);
  });

  it('names unknown states', () => {
    expect(canTransition('NOPE' as State, 'CREATED')).toEqual({ allowed: false, reason: expect.stringContaining('unknown state "NOPE"') });
  });

  it('allows exactly one forward successor from each forward state', () => {
    for (const from of STATES) {
      const forward = STATES.filter((to) => to !== 'FAILED' && to !== 'ABORTED' && canTransition(from, to).allowed);
      if (from === 'FAILED' || from === 'EVIDENCE_COMPLETE' || from === 'ABORTED') continue;
      expect(forward).toHaveLength(1);
    }
  });
});

describe('transition keys', () => {
  it.each([
    ['PLANNED->EXECUTED', { from: 'PLANNED', to: 'EXECUTED' }],
    ['PLANNED-EXECUTED', undefined],
    ['PLANNED->NOPE', undefined],
    ['A->B->C', undefined],
  ])('%s', (key, expected) => {
    expect(parseTransitionKey(key)).toEqual(expected);
  });

  it.each<[State, State, string[]]>([
    ['PLAN_DRAFTED', 'EXECUTED', ['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED']],
    ['CREATED', 'DISCOVERED', ['CREATED->DISCOVERED']],
    ['CREATED', 'EVIDENCE_COMPLETE', [...FORWARD_TRANSITIONS]],
    ['EXECUTED', 'PLANNED', []],
    ['PLANNED', 'PLANNED', []],
    ['FAILED', 'EXECUTED', []],
  ])('transitionsBetween(%s, %s)', (from, to, expected) => {
    expect(transitionsBetween(from, to)).toEqual(expected);
  });
});

describe('requiredRoles', () => {
  it.each([
    ['PLAN_DRAFTED->PLANNED', ['tech_lead']],
    ['PLANNED->EXECUTED', ['data_owner', 'security']],
    ['CUTOVER_READY->CUTOVER_DONE', ['release_manager', 'data_owner']],
    ['CREATED->DISCOVERED', []],
    ['PLANNED->FAILED', []],
  ])('%s -> %j', (transition, roles) => {
    expect(requiredRoles(POLICY, transition)).toEqual(roles);
  });

  it('lists a role once even if the policy repeats it', () => {
    expect(requiredRoles({ approvals: { 'PLANNED->EXECUTED': ['a', 'b', 'a'] } }, 'PLANNED->EXECUTED')).toEqual(['a', 'b']);
  });

  it.each([
    ['PLANNED->CUTOVER_DONE', 'not a lifecycle transition'],
    ['planned->executed', 'not a transition key'],
  ])('refuses %s', (transition, message) => {
    expect(() => requiredRoles(POLICY, transition)).toThrow(CopilotError);
    expect(() => requiredRoles(POLICY, transition)).toThrow(message);
  });

  it('finds policy keys that are not lifecycle transitions', () => {
    expect(invalidApprovalKeys({ approvals: { ...POLICY.approvals, 'PLANNED->CUTOVER_DONE': ['x'], junk: [] } }))
      .toEqual(['PLANNED->CUTOVER_DONE', 'junk']);
  });
});

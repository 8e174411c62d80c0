import { describe, expect, it } from 'vitest';
import { CopilotError } from '../../../core/errors.js';
import { canonicalDigest, sha256Hex } from '../../../core/json/canonical.js';
import { buildSignedPlan, type BuildSignedPlanInput } from '../../../core/signing/index.js';
import { APPROVALS, approval, INPUTS, PLAN_BYTES, POLICY, VALIDATORS, configFor } from './fixtures.js';

const base: BuildSignedPlanInput = {
  plan: JSON.parse(PLAN_BYTES.toString()), planBytes: PLAN_BYTES, policy: POLICY, approvals: APPROVALS,
  validators: VALIDATORS, createdAt: new Date('2026-11-27T12:00:00Z'), version: 3, roles: configFor([]).roles, inputs: INPUTS,
};

describe('buildSignedPlan', () => {
  it('builds the SignedPlan of a validated, approved plan', () => {
    const plan = buildSignedPlan(base);
    expect(plan).toEqual({
      plan_id: 'plan-1', version: 3, project_id: 'proj-1', status: 'APPROVED',
      policy_version: canonicalDigest(POLICY), plan_sha256: sha256Hex(PLAN_BYTES), inputs: INPUTS,
      approvals: APPROVALS, validators: VALIDATORS.map(({ id, version, status }) => ({ id, version, status })),
      created_at: '2026-11-27T12:00:00.000Z',
    });
  });

  const stale = 'f'.repeat(64);
  it.each<[string, Partial<BuildSignedPlanInput>, string, string[]]>([
    ['a failed validator', { validators: [...VALIDATORS, { id: 'hashing', version: '2', status: 'fail', findings: [{ message: 'float rule missing' }] }] },
      'VALIDATION_FAILED', ['validator hashing@2 failed: float rule missing']],
    ['an errored validator', { validators: [{ id: 'schema', version: '1', status: 'error' }] }, 'VALIDATION_FAILED', ['validator schema@1 errored']],
    ['no validator at all', { validators: [] }, 'VALIDATION_FAILED', ['no validator ran']],
    ['a missing role', { approvals: APPROVALS.filter((a) => a.role !== 'security') }, 'APPROVALS_MISSING',
      ['missing approval: role security for PLANNED->EXECUTED']],
    ['two missing roles, both named', { approvals: APPROVALS.slice(0, 1) }, 'APPROVALS_MISSING',
      ['missing approval: role data_owner for PLANNED->EXECUTED', 'missing approval: role security for PLANNED->EXECUTED']],
    ['a stale approval', { approvals: [...APPROVALS.slice(0, 2), approval('sam', 'security', 'PLANNED->EXECUTED', stale)] },
      'APPROVALS_MISSING', [`stale approval: sam (security, PLANNED->EXECUTED) reviewed plan sha256 ${stale.slice(0, 12)}…`]],
    ['one person in two roles', { approvals: [APPROVALS[0]!, approval('dora', 'data_owner', 'PLANNED->EXECUTED'), approval('dora', 'security', 'PLANNED->EXECUTED')] },
      'APPROVALS_MISSING', ['dora fills 2 roles of PLANNED->EXECUTED']],
    ['an approver outside the role', { approvals: [APPROVALS[0]!, APPROVALS[1]!, approval('mallory', 'security', 'PLANNED->EXECUTED')] },
      'APPROVALS_MISSING', ['mallory is not a member of role security']],
    ['a role the policy does not ask for', { approvals: [...APPROVALS, approval('quinn', 'qa_lead', 'PLANNED->EXECUTED')] },
      'APPROVALS_MISSING', ['the policy does not ask qa_lead to approve PLANNED->EXECUTED']],
  ])('refuses %s', (_name, change, code, reasons) => {
    let error: unknown;
    try { buildSignedPlan({ ...base, ...change }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CopilotError);
    expect((error as CopilotError).code).toBe(code);
    expect((error as CopilotError).exitCode).toBe(1);
    for (const r of reasons) expect((error as CopilotError).message).toContain(r);
  });

  it('refuses a plan without plan_id as bad input', () => {
    expect(() => buildSignedPlan({ ...base, plan: { project_id: 'p' } })).toThrow(/plan_id and project_id/);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/json/canonical.js';
import {
  checkPlanFromFiles, createKeySigner, createSignedPlanBundle, signedPlanReadableCopy, type PlanFilesInput, type SignedPlan,
} from '../../../core/signing/index.js';
import { approval, configFor, INPUTS, goodSignedPlan, newKey, PLAN_BYTES, POLICY } from './fixtures.js';

const key = newKey('ecdsa-p256', 'plan-key');

async function filesFor(plan: SignedPlan): Promise<PlanFilesInput> {
  const bundle = await createSignedPlanBundle(plan, { signer: createKeySigner(key.privatePem) });
  return {
    signedPlanJson: signedPlanReadableCopy(plan), bundleJson: JSON.stringify(bundle), planBytes: PLAN_BYTES,
    policy: POLICY, config: configFor([key]), expectedVersion: 1, inputs: INPUTS,
  };
}

const failed = (r: ReturnType<typeof checkPlanFromFiles>) => r.checks.filter((c) => !c.ok).map((c) => c.id);

describe('checkPlanFromFiles', () => {
  it('passes a signed, approved plan and explains each check', async () => {
    const r = checkPlanFromFiles(await filesFor(goodSignedPlan()));
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual([
      'trust-policy', 'signature', 'readable-copy', 'schema', 'version', 'status', 'policy-version', 'plan-sha256', 'inputs', 'validators', 'approvals',
    ]);
    expect(r.signedPlan).toEqual(goodSignedPlan());
    expect(r.checks.find((c) => c.id === 'signature')!.detail).toBe('signed by key plan-key (ecdsa-p256)');
  });

  const good = goodSignedPlan();
  it.each<[string, () => Promise<PlanFilesInput>, string[], RegExp]>([
    ['the plan edited after signing', async () => ({ ...(await filesFor(good)), planBytes: Buffer.from(PLAN_BYTES.toString().replace('plan-1', 'plan-2')) }),
      ['plan-sha256', 'approvals'], /plans\/migration_plan.json is/],
    ['the policy edited after signing', async () => ({ ...(await filesFor(good)), policy: { ...POLICY, tolerances: { row_count_pct: 5 } } }),
      ['policy-version'], /edited after signing/],
    ['a readable copy that differs', async () => {
      const f = await filesFor(good);
      return { ...f, signedPlanJson: canonicalJson({ ...good, created_at: '2026-11-28T00:00:00Z' }) };
    }, ['readable-copy'], /differs from the signed payload/],
    ['a readable copy that is not JSON', async () => ({ ...(await filesFor(good)), signedPlanJson: '{' }), ['readable-copy'], /not JSON/],
    ['a signer the config does not trust', async () => ({ ...(await filesFor(good)), config: configFor([newKey('ecdsa-p256', 'other')]) }),
      ['signature', 'readable-copy'], /does not name/],
    ['a missing approval', async () => filesFor({ ...good, approvals: good.approvals.filter((a) => a.role !== 'data_owner') }),
      ['approvals'], /missing approval: role data_owner for PLANNED->EXECUTED/],
    ['a stale approval', async () => filesFor({ ...good, approvals: [...good.approvals.slice(0, 2), approval('sam', 'security', 'PLANNED->EXECUTED', 'e'.repeat(64))] }),
      ['approvals'], /stale approval: sam/],
    ['a status other than APPROVED', async () => filesFor({ ...good, status: 'DRAFT' as 'APPROVED' }), ['schema'], /\/status/],
    ['a failed validator', async () => filesFor({ ...good, validators: [{ id: 'schema', version: '1', status: 'fail' }] }), ['validators'], /schema fail/],
    ['another version than the file name', async () => ({ ...(await filesFor(good)), expectedVersion: 2 }), ['version'], /the file is v2/],
    ['an unusable trust policy', async () => ({ ...(await filesFor(good)), config: { signers: { keys: 'x' } } }),
      ['trust-policy', 'signature', 'readable-copy'], /must be a list/],
    ['more roles required than signed', async () => ({ ...(await filesFor(good)), approvalsRequired: ['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED', 'RECONCILED->PARALLEL_VALIDATED'] }),
      ['approvals'], /role qa_lead for RECONCILED->PARALLEL_VALIDATED/],
  ])('refuses %s', async (_name, files, ids, reason) => {
    const r = checkPlanFromFiles(await files());
    expect(r.ok).toBe(false);
    expect(r.signedPlan).toBeUndefined();
    expect(failed(r)).toEqual(ids);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.detail).join('\n')).toMatch(reason);
  });
});

// Shared test material for SignedPlan tests: fresh keys, a policy, a config trusting the keys, and a
// SignedPlan whose approvals match a given plan.
import { generateKeyPairSync } from 'node:crypto';
import { sha256Hex } from '../../../core/json/canonical.js';
import { buildSignedPlan, type SignedPlan, type SignedPlanApproval } from '../../../core/signing/index.js';

export interface TestKey {
  readonly id: string;
  readonly algorithm: 'ed25519' | 'ecdsa-p256';
  readonly privatePem: string;
  readonly publicPem: string;
}

export function newKey(algorithm: 'ed25519' | 'ecdsa-p256', id = `key-${algorithm}`): TestKey {
  const { privateKey, publicKey } = algorithm === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    id, algorithm,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const POLICY = {
  policy_id: 'default',
  version: 1,
  approvals: {
    'PLAN_DRAFTED->PLANNED': ['tech_lead'],
    'PLANNED->EXECUTED': ['data_owner', 'security'],
    'RECONCILED->PARALLEL_VALIDATED': ['qa_lead'],
  },
  tolerances: { row_count_pct: 0 },
};

export function configFor(keys: readonly TestKey[]) {
  return {
    roles: {
      tech_lead: { users: ['alice'], teams: ['acme/data-leads'] },
      data_owner: { users: ['dora'] },
      security: { users: ['sam'] },
      qa_lead: { users: ['quinn'] },
    },
    signers: { keys: keys.map((k) => ({ id: k.id, algorithm: k.algorithm, public_key: k.publicPem })) },
    default_branch: 'main',
  };
}

export const PLAN_BYTES = Buffer.from('{\n  "plan_id": "plan-1",\n  "project_id": "proj-1",\n  "steps": []\n}\n');
export const HEAD = 'a'.repeat(40);

/** The inputs manifest of a repository holding only PLAN_BYTES as its plan. */
export const INPUTS: Readonly<Record<string, string>> = { 'plans/migration_plan.json': sha256Hex(PLAN_BYTES) };

export function approval(approver: string, role: string, transition: string, reviewed = sha256Hex(PLAN_BYTES)): SignedPlanApproval {
  return { approver, role, transition, timestamp: '2026-11-27T10:00:00Z', scope: `acme/mig#7@${HEAD}`, sha256_of_reviewed: reviewed };
}

export const APPROVALS: readonly SignedPlanApproval[] = [
  approval('alice', 'tech_lead', 'PLAN_DRAFTED->PLANNED'),
  approval('dora', 'data_owner', 'PLANNED->EXECUTED'),
  approval('sam', 'security', 'PLANNED->EXECUTED'),
];

export const VALIDATORS = [
  { id: 'schema', version: '1.0.0', status: 'pass' as const, findings: [] },
  { id: 'tolerance', version: '1.0.0', status: 'pass' as const, findings: [] },
];

export function goodSignedPlan(version = 1): SignedPlan {
  return buildSignedPlan({
    plan: JSON.parse(PLAN_BYTES.toString()), planBytes: PLAN_BYTES, policy: POLICY,
    approvals: APPROVALS, validators: VALIDATORS, createdAt: new Date('2026-11-27T12:00:00Z'), version, inputs: INPUTS,
  });
}

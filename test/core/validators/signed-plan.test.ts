import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/json/canonical.js';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import { buildMigrationContext, inputsManifest, memoryRepoFiles } from '../../../core/repo/index.js';
import { buildSignedPlan, createKeySigner, createSignedPlanBundle, signedPlanReadableCopy } from '../../../core/signing/index.js';
import { runValidator, signedPlanValidator } from '../../../core/validators/index.js';
import { DEMO } from './repo.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const config = DEMO['.migration/config.yml']!.replace('  keys: []', `  keys:\n    - id: demo-key\n      algorithm: ed25519\n      public_key: |\n${publicPem.trim().split('\n').map((l) => `        ${l}`).join('\n')}`);
const planText = DEMO['plans/migration_plan.json']!;
let signed: Record<string, string>;

beforeAll(async () => {
  const sha = sha256Hex(planText);
  const scope = `acme/demo-orders-migration#7@${'a'.repeat(40)}`;
  const approval = (approver: string, role: string, transition: string) =>
    ({ approver, role, transition, timestamp: '2026-11-27T10:00:00Z', scope, sha256_of_reviewed: sha });
  const plan = buildSignedPlan({
    plan: JSON.parse(planText) as { plan_id: string; project_id: string },
    planBytes: new TextEncoder().encode(planText),
    policy: DEFAULT_POLICY,
    approvals: [approval('alice', 'tech_lead', 'PLAN_DRAFTED->PLANNED'), approval('dora', 'data_owner', 'PLANNED->EXECUTED'), approval('sam', 'security', 'PLANNED->EXECUTED')],
    validators: [{ id: 'schema', version: '1.0.0', status: 'pass' }],
    createdAt: '2026-11-27T12:00:00Z',
    version: 1,
    inputs: inputsManifest(buildMigrationContext(memoryRepoFiles({ ...DEMO, '.migration/config.yml': config }))).inputs,
  });
  const bundle = await createSignedPlanBundle(plan, { signer: createKeySigner(privatePem) });
  signed = { 'plans/signed/v1.json': signedPlanReadableCopy(plan), 'plans/signed/v1.sigstore.json': JSON.stringify(bundle) };
});

function run(files: Record<string, string | undefined>) {
  const all: Record<string, string> = { ...DEMO, '.migration/config.yml': config, ...signed };
  for (const [k, v] of Object.entries(files)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  const ctx = buildMigrationContext(memoryRepoFiles(all));
  const skipped = signedPlanValidator.skip!(ctx, {});
  return skipped !== undefined ? { skipped } : runValidator(signedPlanValidator, ctx, {});
}

describe('SignedPlanValidator', () => {
  it('passes a plan signed by a trusted key with its approvals', () => {
    expect(run({})).toEqual({ id: 'signed-plan', version: '1.0.0', status: 'pass', findings: [] });
  });

  it.each([
    ['the plan was edited after signing', { 'plans/migration_plan.json': planText.replace('"rate": 0.1', '"rate": 0.2') },
      [['plans/signed/v1.json', 'signed-plan/plan-sha256'], ['plans/signed/v1.json', 'signed-plan/inputs'], ['plans/signed/v1.json', 'signed-plan/approvals']]],
    ['the mapping was edited after signing', { 'contracts/schema_mapping.yml': `${DEMO['contracts/schema_mapping.yml']}\n# edited\n` },
      [['plans/signed/v1.json', 'signed-plan/inputs']]],
    ['a model was added after signing', { 'models/extra.sql': 'drop table main.orders;\n' },
      [['plans/signed/v1.json', 'signed-plan/inputs']]],
    ['the policy changed after signing', { '.migration/policy.json': JSON.stringify({ ...DEFAULT_POLICY, version: '9.9.9' }) },
      [['plans/signed/v1.json', 'signed-plan/policy-version']]],
    ['the key is not trusted', { '.migration/config.yml': DEMO['.migration/config.yml'] },
      [['plans/signed/v1.sigstore.json', 'signed-plan/signature'], ['plans/signed/v1.json', 'signed-plan/readable-copy']]],
    ['project.json names another scope after signing', { 'project.json': JSON.stringify({ ...JSON.parse(DEMO['project.json']!), scope: ['main.*'] }) },
      [['plans/signed/v1.json', 'signed-plan/inputs']]],
    ['the bundle is missing', { 'plans/signed/v1.sigstore.json': undefined }, [['plans/signed/v1.json', 'signed-plan/bundle-missing']]],
  ])('fails when %s', (_l, files, expected) => {
    const r = run(files);
    expect('status' in r && r.status).toBe('fail');
    const findings = 'findings' in r ? r.findings : [];
    expect(findings.map((f) => [f.path, f.rule]).sort()).toEqual(expected.sort());
  });

  it('passes when only the lifecycle state of project.json moved after signing (each transition pull request moves it)', () => {
    const project = JSON.parse(DEMO['project.json']!) as Record<string, unknown>;
    for (const state of ['PLANNED', 'EXECUTED', 'CUTOVER_DONE']) {
      expect(run({ 'project.json': `${JSON.stringify({ ...project, state }, null, 4)}\n` })).toMatchObject({ status: 'pass', findings: [] });
    }
  });

  it('skips a plan version that is not signed yet', () => {
    expect(run({ 'plans/signed/v1.json': undefined, 'plans/signed/v1.sigstore.json': undefined })).toEqual({ skipped: 'plan v1 is not signed yet' });
  });
});

// signPlanForHead, the signing the CLI and the app share, on in-memory repositories: the head of a pull
// request and its base branch, a real key signer. Rules come from the base; the result explains itself.
import { describe, expect, it } from 'vitest';
import { stringify, parse } from 'yaml';
import { sha256Hex } from '../../../core/json/canonical.js';
import { buildMigrationContext, memoryRepoFiles } from '../../../core/repo/index.js';
import { checkPlanFromFiles, createKeySigner, signPlanForHead, type SignPlanForHeadInput } from '../../../core/signing/index.js';
import { inputsManifest } from '../../../core/repo/index.js';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import { DEMO } from '../validators/repo.js';
import { newKey } from './fixtures.js';

const key = newKey('ed25519', 'plan-key');
const HEAD = 'c'.repeat(40);
const config = parse(DEMO['.migration/config.yml']!);
config.signers.keys = [{ id: key.id, algorithm: key.algorithm, public_key: key.publicPem }];
const BASE: Record<string, string> = { ...DEMO, '.migration/config.yml': stringify(config) };

function record(files: Record<string, string>, approvers = ['alice', 'dora', 'sam'], teams: Record<string, string[]> = { 'acme/data-leads': ['alice'] }) {
  return {
    path: 'approvals.json',
    text: JSON.stringify({
      repository: 'acme/mig', pull_number: 7, base_ref: 'main', head_sha: HEAD, author: 'carol',
      changed_files: ['plans/migration_plan.json'], plan_sha256: sha256Hex(files['plans/migration_plan.json']!),
      reviews: approvers.map((user, i) => ({ id: i + 1, user, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-27T10:00:00Z' })),
      teams, codeowners: null,
    }),
  };
}

function input(head: Record<string, string>, base: Record<string, string> = BASE, over: Partial<SignPlanForHeadInput> = {}): SignPlanForHeadInput {
  return {
    head: buildMigrationContext(memoryRepoFiles(head)), base: buildMigrationContext(memoryRepoFiles(base)),
    approvalsRecord: record(head), signer: createKeySigner(key.privatePem), now: '2026-11-28T09:00:00Z', ...over,
  };
}

describe('signPlanForHead', () => {
  it('signs with the base rules: the files, the inputs manifest, the audit head, and the gate accepts them', async () => {
    const r = await signPlanForHead(input(BASE, BASE, { auditHead: { seq: 4, hash: 'ab'.repeat(32) } }));
    if (!r.ok) throw new Error(r.reasons.join('\n'));
    expect(r.files.map((f) => f.path)).toEqual(['plans/signed/v1.sigstore.json', 'plans/signed/v1.json']);
    expect(r.signedPlan).toMatchObject({ version: 1, audit_head: { seq: 4, hash: 'ab'.repeat(32) }, created_at: '2026-11-28T09:00:00Z' });
    const ctx = buildMigrationContext(memoryRepoFiles(BASE));
    expect(r.signedPlan.inputs).toEqual(inputsManifest(ctx).inputs);
    const gate = checkPlanFromFiles({
      signedPlanJson: r.files[1]!.text, bundleJson: r.files[0]!.text, planBytes: new TextEncoder().encode(BASE['plans/migration_plan.json']!),
      policy: DEFAULT_POLICY, config, expectedVersion: 1, inputs: inputsManifest(ctx).inputs,
    });
    expect(gate.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('refuses a head that changes the policy, whatever approvals it then needs', async () => {
    const relaxed = { ...DEFAULT_POLICY, approvals: { 'PLAN_DRAFTED->PLANNED': ['tech_lead'] } };
    const head = { ...BASE, '.migration/policy.json': JSON.stringify(relaxed) };
    const r = await signPlanForHead({ ...input(head), approvalsRecord: record(head, ['alice']) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('VALIDATION_FAILED');
    expect(r.reasons).toContain('this pull request changes .migration/policy.json: a plan is signed only under rules already on the base branch; change them in a pull request of their own (it needs the policy_change approvals of the base policy)');
    expect(r.reasons.some((x) => /PLANNED->EXECUTED: role data_owner is missing/.test(x))).toBe(true);
  });

  it('refuses a head that moves the state more than one step', async () => {
    const head = { ...BASE, 'project.json': BASE['project.json']!.replace('"PLAN_DRAFTED"', '"CUTOVER_DONE"') };
    const r = await signPlanForHead(input(head));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reasons.some((x) => x.includes('moves the state from PLAN_DRAFTED (base branch) to CUTOVER_DONE'))).toBe(true);
  });

  it('pins team members an approval relied on, and the gate refuses an approver the pinned list lacks', async () => {
    const teamConfig = parse(BASE['.migration/config.yml']!);
    teamConfig.roles.data_owner = { teams: ['acme/owners'] };
    const base: Record<string, string> = { ...BASE, '.migration/config.yml': stringify(teamConfig) };
    const r = await signPlanForHead({ ...input(base, base), approvalsRecord: record(base, ['alice', 'dora', 'sam'], { 'acme/data-leads': ['alice'], 'acme/owners': ['Dora'] }) });
    if (!r.ok) throw new Error(r.reasons.join('\n'));
    expect(r.signedPlan.teams).toEqual({ 'acme/owners': ['Dora'] });
    const ctx = buildMigrationContext(memoryRepoFiles(base));
    const gate = (plan: typeof r.signedPlan) => checkPlanFromFiles({
      signedPlanJson: JSON.stringify(plan), bundleJson: r.files[0]!.text, planBytes: new TextEncoder().encode(base['plans/migration_plan.json']!),
      policy: DEFAULT_POLICY, config: teamConfig, inputs: inputsManifest(ctx).inputs,
    });
    expect(gate(r.signedPlan).checks.find((c) => c.id === 'approvals')!.ok).toBe(true);
    // The approvals check reads the SignedPlan it verified; a plan without the pin names the team.
    const shortfall = checkPlanFromFiles({
      signedPlanJson: r.files[1]!.text, bundleJson: r.files[0]!.text, planBytes: new TextEncoder().encode(base['plans/migration_plan.json']!),
      policy: DEFAULT_POLICY, config: { ...teamConfig, roles: { ...teamConfig.roles, data_owner: { teams: ['acme/other'] } } }, inputs: inputsManifest(ctx).inputs,
    });
    expect(shortfall.checks.find((c) => c.id === 'approvals')!.detail).toContain('dora is not a member of role data_owner in .migration/config.yml (nor of acme/other as pinned in the signed plan)');
  });

  it('refuses a key the base branch does not trust before signing anything', async () => {
    const stranger = newKey('ed25519', 'stranger');
    const r = await signPlanForHead({ ...input(BASE), signer: createKeySigner(stranger.privatePem) });
    expect(r).toMatchObject({ ok: false, code: 'PLAN_SIGNATURE_INVALID' });
  });
});

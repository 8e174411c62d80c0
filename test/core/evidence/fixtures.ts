// A migration repository at CUTOVER_DONE for the evidence tests, in memory: the example repository trusting
// a key generated here, its plan signed for real (SignedPlan + Sigstore bundle) with the audit head at
// signing, the run and recon reports of v1, and the audit chain that goes on after the signing (plan.signed,
// the state changes). Small, so a test file builds it in milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { stringify, parse } from 'yaml';
import { appendEntry, type AuditEntry, type AuditInput } from '../../../core/audit/entry.js';
import { sha256Hex } from '../../../core/json/canonical.js';
import { artifactValue, buildMigrationContext, inputsManifest, memoryRepoFiles } from '../../../core/repo/index.js';
import { buildSignedPlan, createKeySigner, createSignedPlanBundle, signedPlanReadableCopy, type SignedPlan } from '../../../core/signing/index.js';
import { fixtureReport } from '../recon/report-fixture.js';
import { newKey, type TestKey } from '../signing/fixtures.js';

export { newKey, type TestKey };

const EXAMPLE = join(import.meta.dirname, '../../../examples/demo-migration');

function exampleFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(EXAMPLE, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath, entry.name);
    out[relative(EXAMPLE, abs).split(sep).join('/')] = readFileSync(abs, 'utf8');
  }
  return out;
}

export interface EvidenceRepo {
  readonly files: Record<string, string>;
  readonly chain: AuditEntry[];
  readonly signed: SignedPlan;
}

const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

export function auditInput(action: string, subject: string, refs: Record<string, string> = {}, actor = 'migration-copilot[bot]'): AuditInput {
  return { project_id: 'demo-orders', actor, action, subject, reasoning: `${action} ${subject}`, refs };
}

export function executionReport(planSha256: string, runId = 'gh-41') {
  return {
    project_id: 'demo-orders', plan_id: 'demo-orders-plan', plan_version: 1, plan_sha256: planSha256, run_id: runId, tag: 'plan/v1',
    commit_sha: 'b'.repeat(40), status: 'succeeded', started_at: at(30), finished_at: at(31),
    steps: [{ id: 'copy-orders', status: 'succeeded', attempts: 1, rows_read: 5000, rows_written: 5000 }],
  };
}

/** The repository, with `trusted` in signers.keys and the plan signed by `signing`. */
export async function evidenceRepo(signing: TestKey, trusted: readonly TestKey[] = [signing]): Promise<EvidenceRepo> {
  const files = exampleFiles();
  const config = parse(files['.migration/config.yml']!);
  config.signers.keys = trusted.map((k) => ({ id: k.id, algorithm: k.algorithm, public_key: k.publicPem }));
  files['.migration/config.yml'] = stringify(config);
  let chain = appendEntry([], auditInput('project.created', 'project/demo-orders', {}, 'carol'), at(0));
  chain = appendEntry(chain, auditInput('command.plan_sign', 'acme/mig#7', { comment: '1' }, 'alice'), at(5));
  const ctx = buildMigrationContext(memoryRepoFiles(files));
  const planBytes = Buffer.from(files['plans/migration_plan.json']!);
  const reviewed = sha256Hex(planBytes);
  const approval = (approver: string, role: string, transition: string) =>
    ({ approver, role, transition, timestamp: at(4), scope: `acme/mig#7@${'c'.repeat(40)}`, sha256_of_reviewed: reviewed });
  const signed = buildSignedPlan({
    plan: ctx.plan!.value!, planBytes, policy: artifactValue(ctx.policy), version: 1, createdAt: at(6),
    approvals: [approval('alice', 'tech_lead', 'PLAN_DRAFTED->PLANNED'), approval('dora', 'data_owner', 'PLANNED->EXECUTED'), approval('sam', 'security', 'PLANNED->EXECUTED')],
    validators: [{ id: 'schema', version: '1.0.0', status: 'pass' }], inputs: inputsManifest(ctx).inputs,
    auditHead: { seq: chain.at(-1)!.seq, hash: chain.at(-1)!.hash },
  });
  files['plans/signed/v1.json'] = signedPlanReadableCopy(signed);
  files['plans/signed/v1.sigstore.json'] = `${JSON.stringify(await createSignedPlanBundle(signed, { signer: createKeySigner(signing.privatePem) }), null, 2)}\n`;
  chain = appendEntry(chain, auditInput('plan.signed', 'plan/v1', { plan_sha256: reviewed }, 'alice'), at(6));
  const moves = ['PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED', 'EXECUTED->RECONCILED', 'RECONCILED->PARALLEL_VALIDATED', 'PARALLEL_VALIDATED->CUTOVER_READY', 'CUTOVER_READY->CUTOVER_DONE'];
  moves.forEach((transition, i) => {
    chain = appendEntry(chain, auditInput('state.changed', 'project/demo-orders', { pull: String(10 + i), commit: `${i}`.repeat(40), transition }, 'rita'), at(10 + i * 10));
  });
  files['project.json'] = files['project.json']!.replace('"PLAN_DRAFTED"', '"CUTOVER_DONE"');
  files['runs/v1/execution_report.json'] = `${JSON.stringify(executionReport(reviewed), null, 2)}\n`;
  files['reconciliation/v1/recon_report.json'] = `${JSON.stringify(fixtureReport(), null, 2)}\n`;
  files['reconciliation/v1/recon_report.md'] = '# Reconciliation v1\n\nAll tables pass.\n';
  return { files, chain, signed };
}

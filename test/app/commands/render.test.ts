// The comment commands' markdown against golden files in test/golden/app-commands/ (set UPDATE_GOLDEN=1 to
// rewrite them after a deliberate change): the help table, a reply with a done and a refused command, the
// signed answer, and the plan status comment.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSigned } from '../../../app/commands/plan-sign.js';
import { COMMANDS } from '../../../app/commands/registry.js';
import { helpTable, renderReply } from '../../../app/commands/render.js';
import { parseCommands } from '../../../app/commands/parse.js';
import { renderPlanStatus } from '../../../app/plan/status.js';
import type { SignedPlan } from '../../../core/signing/index.js';

const GOLDEN = join(import.meta.dirname, '../../golden/app-commands');

async function golden(name: string, text: string): Promise<void> {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, text);
  expect(text).toBe(await readFile(file, 'utf8'));
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(40);

describe('rendered command answers', () => {
  it('help lists every command with who may run it and when', async () => {
    await golden('help.md', `${helpTable(COMMANDS)}\n`);
  });

  it('a reply answers each command line of the comment', async () => {
    await golden('reply.md', renderReply('0123456789abcdef', 'carol', [
      { line: '/plan status', outcome: 'done', body: 'The status comment of #1 is up to date for bbbbbbbbbbbb: 2 approval(s) still missing, risk medium.' },
      { line: '/advance PLANNED', outcome: 'refused', body: '/advance is for tech_lead or release_manager (roles in .migration/config.yml on main); @carol holds none of them' },
    ]));
  });

  it('a signed plan names what the signature rests on', async () => {
    const plan = {
      plan_id: 'demo-orders-plan', version: 1, project_id: 'demo-orders', status: 'APPROVED', policy_version: 'c'.repeat(64), plan_sha256: A,
      inputs: { 'plans/migration_plan.json': A, 'contracts/schema_mapping.yml': 'd'.repeat(64) },
      approvals: [
        { approver: 'alice', role: 'tech_lead', transition: 'PLAN_DRAFTED->PLANNED', timestamp: '2026-01-01T00:00:00Z', scope: 'acme/m#1@x', sha256_of_reviewed: A },
        { approver: 'dora', role: 'data_owner', transition: 'PLANNED->EXECUTED', timestamp: '2026-01-01T00:00:00Z', scope: 'acme/m#1@x', sha256_of_reviewed: A },
      ],
      teams: { 'acme/data-leads': ['alice'] },
      validators: [{ id: 'schema', version: '1', status: 'pass' }, { id: 'hashing', version: '1', status: 'pass' }],
      audit_head: { seq: 7, hash: 'e'.repeat(64) },
      created_at: '2026-01-01T00:00:00Z',
    } as unknown as SignedPlan;
    await golden('signed.md', `${renderSigned(plan, B, 'f'.repeat(40), '1'.repeat(64), 1)}\n`);
  });

  it('the status comment shows checks, missing approvals, signed versions, rows and risk', async () => {
    await golden('status.md', `${renderPlanStatus({
      pull: 1, head: B, baseRef: 'main', state: 'PLAN_DRAFTED',
      checks: [{ name: 'migration/approvals', conclusion: 'failure' }, { name: 'migration/schema', conclusion: 'success' }, { name: 'migration/signed-plan', conclusion: 'skipped' }],
      missingRoles: ['PLANNED->EXECUTED: data_owner (nobody in the role approved)', 'PLANNED->EXECUTED: security (@carol: author cannot approve own PR)'],
      missingOwners: ['plans/migration_plan.json: @acme/data-leads (CODEOWNERS line 2)'],
      approvedBy: ['@alice (tech_lead, PLAN_DRAFTED->PLANNED)'], signedVersions: [],
      steps: [{ id: 'create-orders', kind: 'create_table', table: 'main.orders', rows: 0 }, { id: 'copy-orders', kind: 'copy_table', table: 'main.orders', rows: 5000 },
        { id: 'copy-items', kind: 'copy_table', table: 'main.items', rows: undefined }],
      risk: { level: 'medium', because: ['main.customers.email (pii)'] },
    })}\n`);
  });

  it('parses command lines: longest name first, arguments checked, other lines ignored', () => {
    const parsed = parseCommands('Looks good.\n/plan sign\n  /advance PLANNED\n/advance planned\n/plan\n', COMMANDS);
    expect(parsed.map((p) => [p.kind, p.line])).toEqual([
      ['command', '/plan sign'], ['command', '/advance PLANNED'], ['malformed', '/advance planned'], ['unknown', '/plan'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/json/canonical.js';
import { buildMigrationContext, memoryRepoFiles } from '../../../core/repo/index.js';
import { approvalValidator, runValidator } from '../../../core/validators/index.js';
import { check, type Case } from './cases.js';
import { contextWith, DEMO, repoWith } from './repo.js';

const HEAD = 'a'.repeat(40);
const C = '.migration/config.yml';
const R = 'approvals.json';

function record(files: Record<string, string>, over: { approvers?: string[]; changed?: string[]; planSha?: string; head?: string } = {}) {
  const approvers = over.approvers ?? ['alice', 'dora', 'sam'];
  return {
    path: R,
    text: JSON.stringify({
      repository: 'acme/demo-orders-migration', pull_number: 7, base_ref: 'main', head_sha: HEAD, author: 'carol',
      changed_files: over.changed ?? ['plans/migration_plan.json'],
      plan_sha256: over.planSha ?? sha256Hex(files['plans/migration_plan.json']!),
      reviews: approvers.map((user, i) => ({ id: i + 1, user, state: 'APPROVED', commit_id: over.head ?? HEAD, submitted_at: '2026-11-27T10:00:00Z' })),
      teams: { 'acme/data-leads': ['alice'] },
      codeowners: files.CODEOWNERS ?? null,
    }, null, 2),
  };
}

const cases: Case[] = [
  { name: 'every role and code owner approved', expect: [], opts: (f) => ({ approvalsRecord: record(f) }) },
  { name: 'a role nobody filled', opts: (f) => ({ approvalsRecord: record(f, { approvers: ['alice', 'dora'] }) }),
    expect: [[C, 'security:', 'approvals/role-missing', 'error', /PLANNED->EXECUTED: role security is missing \(alice: not a member of role security; dora: not a member of role security\)/]] },
  { name: 'approvals on an older head are stale', opts: (f) => ({ approvalsRecord: record(f, { head: 'b'.repeat(40) }) }),
    expect: [[C, 'tech_lead:', 'approvals/role-missing'], [C, 'data_owner:', 'approvals/role-missing'], [C, 'security:', 'approvals/role-missing'],
      ['CODEOWNERS', '/plans/', 'approvals/codeowner-missing']] },
  { name: 'changed files whose code owners all approved', opts: (f) => ({ approvalsRecord: record(f, { approvers: ['alice', 'dora', 'sam'], changed: ['plans/migration_plan.json', '.migration/config.yml', 'README.md'] }) }),
    expect: [] },
  { name: 'a changed file whose code owner did not approve', opts: (f) => ({ approvalsRecord: record(f, { approvers: ['alice', 'dora'], changed: ['plans/migration_plan.json', '.migration/config.yml'] }) }),
    expect: [[C, 'security:', 'approvals/role-missing'], ['CODEOWNERS', '/.migration/', 'approvals/codeowner-missing', 'error', /^\.migration\/config\.yml: none of its code owners \(@sam\) approved/]] },
  { name: 'a code owner missing', opts: (f) => ({ approvalsRecord: record(f, { approvers: ['bob', 'dora', 'sam'], changed: ['README.md'] }) }),
    expect: [[C, 'tech_lead:', 'approvals/role-missing'], ['CODEOWNERS', '@acme/data-leads', 'approvals/codeowner-missing', 'error', /README\.md: none of its code owners/]] },
  { name: 'the record reviewed another plan', opts: (f) => ({ approvalsRecord: record(f, { planSha: 'c'.repeat(64) }) }),
    expect: [[R, '', 'approvals/plan-sha256', 'error', /approvals were given on another version of the plan/]] },
  { name: 'a malformed record', opts: () => ({ approvalsRecord: { path: R, text: '{\n  "repository": "acme/x"\n}' } }),
    expect: Array.from({ length: 9 }, () => [R, '', 'schema/required'] as const) },
];

describe('ApprovalValidator', () => {
  it.each(cases)('$name', (c) => check(approvalValidator, c));

  it('reads roles from the base branch, not from the pull request', () => {
    // The PR makes its own author's friend the security role; the base branch still says sam.
    const head = contextWith([[C, 'security: { users: [sam] }', 'security: { users: [mallory] }']]);
    const files = repoWith([[C, 'security: { users: [sam] }', 'security: { users: [mallory] }']]);
    const opts = { approvalsRecord: record(files, { approvers: ['alice', 'dora', 'mallory'] }) };
    expect(runValidator(approvalValidator, head, opts).status).toBe('pass');
    const judged = runValidator(approvalValidator, head, { ...opts, base: contextWith() });
    expect(judged.status).toBe('fail');
    // security is missing for PLANNED->EXECUTED, and for the change of the roles itself (policy_change).
    expect(judged.findings.map((f) => [f.path, f.line, f.rule])).toEqual([[C, 5, 'approvals/role-missing'], [C, 5, 'approvals/role-missing']]);
    expect(judged.findings.map((f) => f.message.split(':')[0])).toEqual(['PLANNED->EXECUTED', 'policy_change']);
  });

  it('judges EXECUTED -> RECONCILED by the base branch\'s reconciliation report, never one the pull request brings', () => {
    const report = (status: string) => JSON.stringify({ summary: { status, failed: status === 'fail' ? 1 : 0, tables: 1 }, tables: [] });
    const at = (state: string, recon: string) => ({
      'project.json': DEMO['project.json']!.replace('PLAN_DRAFTED', state),
      'plans/signed/v1.json': '{}', 'reconciliation/v1/recon_report.json': recon,
    });
    const base = buildMigrationContext(memoryRepoFiles({ ...DEMO, ...at('EXECUTED', report('fail')) }));
    const headFiles = { ...DEMO, ...at('RECONCILED', report('pass')) };
    const head = buildMigrationContext(memoryRepoFiles(headFiles));
    const judged = runValidator(approvalValidator, head, { approvalsRecord: record(headFiles, { changed: ['project.json', 'reconciliation/v1/recon_report.json'] }), base });
    expect(judged.findings.filter((f) => f.rule === 'approvals/reconciliation').map((f) => f.message))
      .toEqual([expect.stringMatching(/^EXECUTED->RECONCILED is refused: reconciliation\/v1\/recon_report\.json \(signed plan v1\) is beyond tolerance/)]);
  });

  it.each([
    ['no record', {}, {}, /no approvals record given/],
    ['no config', { '.migration/config.yml': undefined }, { approvalsRecord: { path: R, text: '{}' } }, /config\.yml is absent/],
    ['a terminal state', { 'project.json': DEMO['project.json']!.replace('PLAN_DRAFTED', 'EVIDENCE_COMPLETE') }, { approvalsRecord: { path: R, text: '{}' } }, /no transition leaves state EVIDENCE_COMPLETE/],
  ])('skips with %s', (_l, extra, opts, reason) => {
    const files: Record<string, string> = { ...DEMO };
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete files[k];
      else files[k] = v;
    }
    expect(approvalValidator.skip!(buildMigrationContext(memoryRepoFiles(files)), opts)).toMatch(reason);
  });
});

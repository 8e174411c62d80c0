// Check-run titles and summaries against golden files (test/golden/app/): a broken repository's failures,
// a passing one, a skipped and a neutral validator, and more findings than one annotation request holds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotationsOf, batches } from '../../../app/checks/annotations.js';
import { desiredChecks, type DesiredCheck, type Judged } from '../../../app/checks/desired.js';
import { summaryOf, titleOf } from '../../../app/checks/summary.js';
import { directoryRepoFiles } from '../../../cli/repo-files.js';
import { buildMigrationContext } from '../../../core/repo/index.js';
import type { Finding } from '../../../core/schema/finding.js';
import { runValidators } from '../../../core/validators/index.js';

const root = resolve(import.meta.dirname, '../../..');
const judged: Judged = { headSha: 'a'.repeat(40), baseRef: 'main', baseSha: 'b'.repeat(40) };

function render(checks: readonly DesiredCheck[]): string {
  return checks.map((c) => `## ${c.name}: ${c.conclusion}: ${titleOf(c)}\n\n${summaryOf(c, judged)}`).join('\n');
}

function golden(name: string, actual: string): void {
  const file = join(root, 'test', 'golden', 'app', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function repo(name: string) {
  return buildMigrationContext(directoryRepoFiles(join(root, name)));
}

describe('check-run summaries', () => {
  it('a repository whose rules break: failures with every finding, skips with their reason', () => {
    const ctx = repo('test/fixtures/repos/broken-rules');
    const checks = desiredChecks(runValidators(ctx, { base: ctx }));
    expect(checks.map((c) => c.name)).toEqual(['schema', 'type-coercion', 'hashing', 'sampling', 'tolerance', 'manual-decisions', 'approvals', 'signed-plan'].map((n) => `migration/${n}`));
    expect(checks.some((c) => c.conclusion === 'failure')).toBe(true);
    golden('broken-rules.md', render(checks));
  });

  it('the example repository: passes, and approvals skipped without a record', () => {
    const ctx = repo('examples/demo-migration');
    const checks = desiredChecks(runValidators(ctx, { base: ctx }));
    expect(checks.find((c) => c.name === 'migration/approvals')!.conclusion).toBe('skipped');
    golden('demo-migration.md', render(checks));
  });

  it('a system failure is neutral with the error and how to retry, for every validator or one', () => {
    const ctx = repo('examples/demo-migration');
    const one = desiredChecks(runValidators(ctx, { base: ctx }), new Map([['approvals', 'recording the approvals failed: GitHub: listing reviews of acme/mig#1 (page 1) failed (HTTP 502)']]));
    expect(one.filter((c) => c.conclusion === 'neutral').map((c) => c.name)).toEqual(['migration/approvals']);
    const all = desiredChecks(undefined, new Map([['*', 'GitHub: reading the tree failed (HTTP 500)']]));
    expect(new Set(all.map((c) => c.conclusion))).toEqual(new Set(['neutral']));
    golden('neutral.md', render([one.find((c) => c.name === 'migration/approvals')!, all[0]!]));
  });

  it('more findings than one request holds: annotations in batches of 50, the summary says so', () => {
    const findings: Finding[] = Array.from({ length: 123 }, (_, i) => ({
      path: 'contracts/schema_mapping.yml', line: i + 1, pointer: `/tables/0/columns/${i}/target_type`, rule: 'type-coercion/forbidden',
      severity: i % 10 === 0 ? 'warning' : 'error', message: `main.t.c${i}: forbidden | by rule x`,
    }));
    const check: DesiredCheck = { name: 'migration/type-coercion', validator: { id: 'type-coercion', version: '1.0.0' }, conclusion: 'failure', findings };
    const chunks = batches(annotationsOf(findings));
    expect(chunks.map((c) => c.length)).toEqual([50, 50, 23]);
    expect(chunks[0]![0]).toEqual({ path: 'contracts/schema_mapping.yml', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'type-coercion/forbidden', message: 'main.t.c0: forbidden | by rule x' });
    expect(chunks[0]![1]!.annotation_level).toBe('failure');
    const text = summaryOf(check, judged);
    expect(text).toContain('123 findings on files: 123 annotated in 3 batches of at most 50');
    golden('many-findings.md', render([check]));
  });
});

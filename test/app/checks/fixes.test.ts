// Mechanical fixes: recomputed from the rulebook and the base policy, on the finding's own line, in flow
// and block YAML and in JSON; no suggestion where the fix is a judgement (a forbidden or lossy pair).
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechanicalFixes } from '../../../app/checks/fixes.js';
import { directoryRepoFiles } from '../../../cli/repo-files.js';
import { buildMigrationContext, memoryRepoFiles } from '../../../core/repo/index.js';
import { runValidators } from '../../../core/validators/index.js';

const root = resolve(import.meta.dirname, '../../..');

function fixesOf(files: ReturnType<typeof directoryRepoFiles>) {
  const ctx = buildMigrationContext(files);
  const findings = runValidators(ctx, { base: ctx }).results.flatMap((r) => r.findings);
  return mechanicalFixes(ctx, ctx, findings).map((f) => [f.path, f.line, f.finding.rule, f.replacement]);
}

describe('mechanical fixes', () => {
  it('sets the rule the rulebook matches, the cast it requires, and the policy bound of a tolerance', () => {
    const fixes = fixesOf(directoryRepoFiles(join(root, 'test/fixtures/repos/broken-rules')));
    expect(fixes).toEqual([
      ['contracts/schema_mapping.yml', 22, 'type-coercion/rule-mismatch',
        '      - { source: amount, target: amount, source_type: "DECIMAL(12,2)", target_type: "DECIMAL(10,2)", rule: duck-duck.decimal.2 }'],
      ['contracts/schema_mapping.yml', 24, 'type-coercion/cast-mismatch',
        '      - { source: ordered_at, target: ordered_at, source_type: TIMESTAMP WITH TIME ZONE, target_type: TIMESTAMP, cast: "timezone(\'UTC\', {col})" }'],
      ['plans/migration_plan.json', 34, 'tolerance/exceeds-policy', '    "null_rate_diff_pct": { "max": 0.1 }'],
    ]);
  });

  it('adds a missing cast on a block-style column', () => {
    const dir = directoryRepoFiles(join(root, 'test/fixtures/repos/broken-rules'));
    const mapping = [
      'version: 1', 'source_engine: duckdb', 'target_engine: duckdb', 'tables:', '  - source: main.orders', '    target: main.orders',
      '    key_columns: [order_id]', '    columns:', '      - source: order_id', '        target: order_id', '        source_type: BIGINT',
      '        target_type: BIGINT', '      - source: ordered_at', '        target: ordered_at', '        source_type: TIMESTAMP WITH TIME ZONE',
      '        target_type: TIMESTAMP', '        decision: md-001', '',
    ].join('\n');
    const files: Record<string, string> = {};
    for (const p of dir.list('')) files[p] = dir.read(p)!;
    files['contracts/schema_mapping.yml'] = mapping;
    const fixes = fixesOf(memoryRepoFiles(files)).filter((f) => f[0] === 'contracts/schema_mapping.yml');
    expect(fixes).toEqual([['contracts/schema_mapping.yml', 16, 'type-coercion/cast-missing', '        target_type: TIMESTAMP\n        cast: "timezone(\'UTC\', {col})"']]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidator, toleranceValidator } from '../../../core/validators/index.js';
import { check, type Case } from './cases.js';
import { contextWith } from './repo.js';

const P = 'plans/migration_plan.json';
const policyText = readFileSync(join(import.meta.dirname, '..', '..', '..', 'policies', 'policy.json'), 'utf8');

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'missing tolerance', edits: [[P, ',\n    "aggregate_sum_rel_diff": { "max": 0 }', '']], expect: [[P, '"tolerances"', 'tolerance/missing', 'error', /no tolerance for aggregate_sum_rel_diff/]] },
  { name: 'looser than the policy', edits: [[P, '"null_rate_diff_pct": { "max": 0 }', '"null_rate_diff_pct": { "max": 0.5 }']], expect: [[P, '"null_rate_diff_pct"', 'tolerance/exceeds-policy', 'error', /0\.5 exceeds the policy's 0\.1/]] },
  { name: 'equal to the policy', edits: [[P, '"null_rate_diff_pct": { "max": 0 }', '"null_rate_diff_pct": { "max": 0.1 }']], expect: [] },
  { name: 'rated less severe', edits: [[P, '"row_count_diff_pct": { "max": 0, "severity": "Critical" }', '"row_count_diff_pct": { "max": 0, "severity": "Major" }']], expect: [[P, '"row_count_diff_pct"', 'tolerance/severity-weaker']] },
  { name: 'a stricter repository policy applies', edits: [[P, '"null_rate_diff_pct": { "max": 0 }', '"null_rate_diff_pct": { "max": 0.05 }']],
    extra: { '.migration/policy.json': policyText.replace('"null_rate_diff_pct": { "max": 0.1, "severity": "Major" }', '"null_rate_diff_pct": { "max": 0.01, "severity": "Major" }') },
    expect: [[P, '"null_rate_diff_pct"', 'tolerance/exceeds-policy', 'error', /\.migration\/policy\.json/]] },
];

describe('ToleranceValidator', () => {
  it.each(cases)('$name', (c) => check(toleranceValidator, c));

  it('judges by the base branch policy, not one loosened in the pull request', () => {
    const loosened = policyText.replace('"null_rate_diff_pct": { "max": 0.1, "severity": "Major" }', '"null_rate_diff_pct": { "max": 1, "severity": "Major" }');
    const head = contextWith([[P, '"null_rate_diff_pct": { "max": 0 }', '"null_rate_diff_pct": { "max": 0.5 }']], { '.migration/policy.json': loosened });
    expect(runValidator(toleranceValidator, head).findings).toEqual([]);
    const findings = runValidator(toleranceValidator, head, { base: contextWith() }).findings;
    expect(findings.map((f) => [f.rule, f.message])).toEqual([['tolerance/exceeds-policy', expect.stringContaining("the base branch's policies/policy.json")]]);
  });
});

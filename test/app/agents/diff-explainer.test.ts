// DiffExplainer classifies each differing cell by the first explanation that fits, shows the evidence
// rows and a fix; its output goes through the orchestrator like any agent's.
import { describe, expect, it } from 'vitest';
import { classify } from '../../../app/agents/diff-explainer/classify.js';
import { agent } from '../../../app/agents/diff-explainer/index.js';
import { runAgent } from '../../../app/agents/orchestrator.js';
import { MemorySink } from '../../../app/agents/sink.js';
import { smallContext } from './context.js';

describe('DiffExplainer', () => {
  it.each([
    ['12.345', '12.35', 'precision_or_scale'],
    ['2026-01-01 10:00:00+00', '2026-01-01 11:00:00+00', 'time_zone_shift'],
    ['abc  ', 'abc', 'trailing_whitespace'],
    ['Chlo\u0065\u0301', 'Chlo\u00e9', 'unicode_normalisation'],
    ['a long comment', 'a long', 'truncation'],
    ['', null, 'null_vs_empty'],
    ['Paris', 'PARIS', 'case_folding'],
    ['3', '4', 'value'],
  ])('%j vs %j is %s', (s, t, k) => {
    expect(classify(s, t)).toBe(k);
  });

  it('explains a report with evidence rows and fixes, through the orchestrator', async () => {
    const report = { tables: [{ source_table: 'shop.customers', target_table: 'shop.customers', missing_keys: [['7']], extra_keys: [],
      differences: { missing: 1, extra: 0, mismatched: 2 },
      mismatched_rows: [{ key: ['1'], columns: [{ column: 'balance', source: '10.125', target: '10.13' }] }, { key: ['2'], columns: [{ column: 'email', source: '<masked>', target: '<masked> ' }] }] }] };
    const ctx = { ...smallContext(), files: { 'reconciliation/v1/recon_report.json': JSON.stringify(report) } };
    const run = await runAgent(agent, { report: 'reconciliation/v1/recon_report.json' }, ctx, new MemorySink());
    const md = run.files[0]!;
    expect(md.path).toBe('reconciliation/v1/diff_explanation.md');
    expect(md.content).toContain('### precision or scale: 1 cells in balance');
    expect(md.content).toContain('| `["1"]` | balance | `10.125` | `10.13` |');
    expect(md.content).toContain('### trailing whitespace: 1 cells in email');
    expect(md.content).toContain('### missing keys: 1');
    expect(run.reasoning.decisions).toHaveLength(3);
  });
});

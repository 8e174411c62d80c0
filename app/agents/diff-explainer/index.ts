// DiffExplainerAgent: reads a recon report from the repository and explains each class of difference
// (classify.ts) with its evidence rows (personal data stays masked as the report has it) and a
// suggested fix, as reconciliation/v<N>/diff_explanation.md.
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput } from '../types.js';
import { classify, FIXES, type DiffClass } from './classify.js';

export interface DiffInput {
  /** reconciliation/v<N>/recon_report.json, a key of the context's files. */
  readonly report: string;
}

interface ReportTable {
  source_table: string;
  target_table: string;
  missing_keys: unknown[];
  extra_keys: unknown[];
  differences: { missing: number; extra: number; mismatched: number };
  mismatched_rows: { key: unknown; columns: { column: string; source: string | null; target: string | null }[] }[];
}

const EVIDENCE_ROWS = 3;

function run(input: DiffInput, ctx: AgentContext): AgentOutput {
  const text = ctx.files[input.report];
  if (text === undefined) throw new Error(`DiffExplainerAgent: ${input.report} is not among the files given`);
  const report = JSON.parse(text) as { tables: ReportTable[] };
  const log = new ReasoningLog('DiffExplainerAgent', agent.version);
  const lines: string[] = [`# Why the rows differ: ${input.report}`, ''];
  const found: Record<string, number> = {};
  for (const t of report.tables) {
    const classes = new Map<DiffClass, { key: unknown; column: string; source: string | null; target: string | null }[]>();
    for (const row of t.mismatched_rows) {
      for (const c of row.columns) {
        const k = classify(c.source, c.target);
        classes.set(k, [...(classes.get(k) ?? []), { key: row.key, column: c.column, source: c.source, target: c.target }]);
      }
    }
    if (classes.size === 0 && t.differences.missing === 0 && t.differences.extra === 0) continue;
    lines.push(`## ${t.source_table} -> ${t.target_table}`, '');
    for (const [k, rows] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
      found[k] = (found[k] ?? 0) + rows.length;
      const columns = [...new Set(rows.map((r) => r.column))].sort();
      lines.push(`### ${k.replace(/_/g, ' ')}: ${rows.length} cells in ${columns.join(', ')}`, '', '| key | column | source | target |', '|---|---|---|---|',
        ...rows.slice(0, EVIDENCE_ROWS).map((r) => `| \`${JSON.stringify(r.key)}\` | ${r.column} | \`${r.source ?? 'NULL'}\` | \`${r.target ?? 'NULL'}\` |`), '',
        `Suggested fix: ${FIXES[k]}.`, '');
      log.decide({ table: t.source_table, column: columns[0]!, decision: `${rows.length} differing cells explained as ${k.replace(/_/g, ' ')}; fix: ${FIXES[k]}`,
        citations: [{ kind: 'policy', pointer: '/tolerances/checksum_mismatch_rows' }], confidence: k === 'value' ? 0.5 : 0.8,
        limitations: [`explained from the ${t.mismatched_rows.length} rows the report lists, not every differing row`] });
    }
    for (const [kind, n] of [['missing_keys', t.differences.missing], ['extra_keys', t.differences.extra]] as const) {
      if (n === 0) continue;
      found[kind] = (found[kind] ?? 0) + n;
      const keys = kind === 'missing_keys' ? t.missing_keys : t.extra_keys;
      lines.push(`### ${kind.replace('_', ' ')}: ${n}`, '', `First keys: ${keys.slice(0, EVIDENCE_ROWS).map((k) => `\`${JSON.stringify(k)}\``).join(', ')}`, '', `Suggested fix: ${FIXES[kind]}.`, '');
      log.decide({ table: t.source_table, decision: `${n} ${kind.replace('_', ' ')}; fix: ${FIXES[kind]}`, citations: [{ kind: 'policy', pointer: '/tolerances/row_count_diff_pct' }], confidence: 0.7 });
    }
  }
  if (Object.keys(found).length === 0) lines.push('No differences to explain.', '');
  const path = input.report.replace(/recon_report\.json$/, 'diff_explanation.md');
  return {
    proposal: { kind: 'diff_explanation', summary: Object.keys(found).length === 0 ? 'No differences.' : `Differences: ${Object.entries(found).map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ')}.`,
      files: [{ path, content: lines.join('\n') }], decisions: [], value: found },
    reasoning: log.build('diff', []),
  };
}

export const agent: Agent<DiffInput> = { name: 'DiffExplainerAgent', version: '1.0.0', run };

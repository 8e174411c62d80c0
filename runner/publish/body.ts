// The evidence pull request's title and body: pure rendering of what the run produced. A hidden marker
// names the plan version (so the publisher and the app find it again), then the run's steps, a Mermaid
// chart of rows and differences per table, where each report is stored, and each recon report's markdown.
import { renderReconMarkdown } from '../../core/recon/markdown.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { ExecutionReport } from '../../core/types/generated.js';
import type { StoredArtifact } from '../artifacts/store.js';

export interface EvidenceContent {
  readonly version: number;
  readonly executionReport: ExecutionReport;
  readonly reconReports: readonly ReconReport[];
  /** Repository path -> where the same bytes are stored. */
  readonly stored: Readonly<Record<string, StoredArtifact>>;
  /** The lifecycle transition project.json makes in this pull request ("PLANNED->EXECUTED"), if any. */
  readonly stateMove?: string;
}

function label(s: string): string {
  return `"${s.replace(/["\n\r]/g, "'")}"`;
}

function cell(s: string | number | undefined): string {
  return s === undefined ? '-' : String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Bars per table: source rows and rows that differ (missing + extra + different). */
export function rowsChart(reports: readonly ReconReport[]): string[] {
  const tables = reports.flatMap((r) => r.tables);
  if (tables.length === 0) return [];
  const rows = tables.map((t) => t.counts.source);
  const diffs = tables.map((t) => t.differences.missing + t.differences.extra + t.differences.mismatched);
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Rows (first bar) and differing rows (second bar) per table"',
    `    x-axis [${tables.map((t) => label(t.source_table)).join(', ')}]`,
    '    y-axis "rows"',
    `    bar [${rows.join(', ')}]`,
    `    bar [${diffs.join(', ')}]`,
    '```',
  ];
}

export function evidenceTitle(c: EvidenceContent): string {
  const pass = c.executionReport.status === 'succeeded' && c.reconReports.every((r) => r.summary.status === 'pass');
  return `Evidence: plan v${c.version} ${c.executionReport.status}, reconciliation ${pass ? 'passed' : c.reconReports.length === 0 ? 'missing' : 'failed'}`;
}

export function evidenceBody(c: EvidenceContent): string {
  const e = c.executionReport;
  const lines = [
    `<!-- migration-copilot:evidence:plan-v${c.version} -->`,
    `## Evidence for plan v${c.version}`,
    '',
    `Run \`${e.run_id}\` of plan \`${e.plan_id}\` (sha256 \`${e.plan_sha256}\`) at commit \`${e.commit_sha}\`` +
      `${e.shard ? `, shard ${e.shard.index + 1}/${e.shard.count}` : ''}: **${e.status}**, ${e.started_at} to ${e.finished_at}.`,
    '',
    ...(c.stateMove ? [`Merging this pull request moves project.json ${c.stateMove}; the policy's roles for that transition approve it.`, ''] : []),
    '| step | status | attempts | rows read | rows written |',
    '|---|---|---:|---:|---:|',
    ...e.steps.map((s) => `| ${cell(s.id)} | ${s.status}${s.error ? ` (${cell(s.error.code)})` : ''} | ${s.attempts} | ${cell(s.rows_read)} | ${cell(s.rows_written)} |`),
    '',
    ...rowsChart(c.reconReports),
    '',
    '### Stored artifacts',
    '',
    '| file | stored at | sha256 |',
    '|---|---|---|',
    ...Object.entries(c.stored).sort(([a], [b]) => a.localeCompare(b)).map(([path, s]) => `| \`${path}\` | \`${s.uri}\` | \`${s.sha256}\` |`),
    '',
    ...(c.reconReports.length === 0 ? ['No reconciliation report was produced.'] : c.reconReports.map((r) => renderReconMarkdown(r))),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// recon_report.md: what a reviewer reads in the pull request. A summary line, one row per table, a
// Mermaid chart GitHub renders, and per table the findings, the columns whose types differ, and the
// first differing and duplicated keys, saying exactly where the rest are (or that no file holds them).
// The verdict has one word everywhere: PASS or FAIL, for the report and for each table.
import type { KeyValues, ReconReport, TableReport } from './report-types.js';

const SHOWN = 20;

function status(t: TableReport): string {
  if (t.status === 'fail') return 'FAIL';
  return t.differs ? 'PASS (within tolerance)' : 'PASS';
}

/** Where the keys not shown here are, or that nothing holds them. */
function rest(t: TableReport, shown: number, total: number): string {
  const more = total - shown;
  const listed = Math.min(total, t.differences.listed_limit);
  if (t.differences_file) return `- … ${more} more: every one is in \`${t.differences_file}\``;
  if (listed > shown) return `- … ${more} more: recon_report.json lists the first ${listed} by key; no file holds the other ${total - listed} (write them with --out)`;
  return `- … ${more} more: no file holds them (write them with --out)`;
}

/** Table cells: pipes escaped, newlines flattened, long values cut. */
function cell(v: string | number | null): string {
  if (v === null) return '_NULL_';
  const s = String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function code(v: string | null): string {
  if (v === null) return '_NULL_';
  return '`' + cell(v).replace(/`/g, "'") + '`';
}

function keyText(k: KeyValues): string {
  return Object.entries(k).map(([c, v]) => `${c}=${v === null ? 'NULL' : v}`).join(', ');
}

function differing(t: TableReport): number {
  return t.differences.missing + t.differences.extra + t.differences.mismatched;
}

function chart(r: ReconReport): string[] {
  const rows = r.tables.reduce((n, t) => n + t.counts.source, 0);
  const missing = r.tables.reduce((n, t) => n + t.differences.missing, 0);
  const extra = r.tables.reduce((n, t) => n + t.differences.extra, 0);
  const mismatched = r.tables.reduce((n, t) => n + t.differences.mismatched, 0);
  const matching = Math.max(0, rows - missing - mismatched);
  return [
    '```mermaid',
    'pie showData title Rows compared',
    `    "matching" : ${matching}`,
    `    "different" : ${mismatched}`,
    `    "missing in target" : ${missing}`,
    `    "extra in target" : ${extra}`,
    '```',
  ];
}

function tableSection(t: TableReport): string[] {
  const out = [`### ${cell(t.source_table)} → ${cell(t.target_table)}: ${status(t)}${t.severity ? ` (${t.severity})` : ''}`, ''];
  out.push(`Key: ${t.key.map((k) => code(k)).join(', ')}. Rows: source ${t.counts.source}, target ${t.counts.target}` +
    `${t.shard ? ` (shard ${t.shard.index} of ${t.shard.count} of the key space)` : ''}. ` +
    `Segments: ${t.segments.compared} compared, ${t.segments.differing} differing, ${t.segments.leaves} diffed row by row.`, '');
  if (t.schema_differences.length > 0) {
    out.push('**Column types that differ:**', '', '| column | source type | target type | compared as |', '|---|---|---|---|');
    for (const d of t.schema_differences) {
      out.push(`| ${cell(d.column)} | ${cell(d.source_type)} (${d.source_logical ?? 'no canonical form'}) | ${cell(d.target_type)} (${d.target_logical ?? 'no canonical form'}) | ` +
        `${d.compared_as === null ? 'not compared' : d.compared_as === 'text' ? 'canonical text' : d.compared_as} |`);
    }
    out.push('');
  }
  if (t.findings.length > 0) {
    out.push('| rule | column | value | max | severity | verdict |', '|---|---|---:|---:|---|---|');
    for (const f of t.findings) out.push(`| ${f.rule} | ${cell(f.column ?? '')} | ${f.value} | ${f.max} | ${f.severity} | ${f.exceeded ? 'exceeded' : 'within'} |`);
    out.push('');
  }
  const lists: [string, KeyValues[], number][] = [
    ['Missing in target', t.missing_keys, t.differences.missing],
    ['Extra in target', t.extra_keys, t.differences.extra],
    ['Duplicated keys', t.duplicate_keys, t.differences.duplicates],
  ];
  for (const [title, keys, total] of lists) {
    if (total === 0) continue;
    out.push(`**${title}** (${total}):`, '');
    const shown = keys.slice(0, SHOWN);
    for (const k of shown) out.push(`- ${cell(keyText(k))}`);
    if (total > shown.length) out.push(rest(t, shown.length, total));
    out.push('');
  }
  if (t.differences.mismatched > 0) {
    out.push(`**Different values** (${t.differences.mismatched}):`, '', '| key | column | source | target |', '|---|---|---|---|');
    const shown = t.mismatched_rows.slice(0, SHOWN);
    for (const row of shown) {
      for (const c of row.columns) out.push(`| ${cell(keyText(row.key))} | ${cell(c.column)} | ${code(c.source)} | ${code(c.target)} |`);
    }
    if (t.differences.mismatched > shown.length) out.push('', rest(t, shown.length, t.differences.mismatched).slice(2));
    out.push('');
  }
  const aggDiff = t.aggregates.filter((a) => !a.equal);
  if (aggDiff.length > 0) {
    out.push('**Aggregates that differ:**', '', '| column | metric | source | target |', '|---|---|---|---|');
    for (const a of aggDiff) out.push(`| ${cell(a.column)} | ${a.metric} | ${code(a.source)} | ${code(a.target)} |`);
    out.push('');
  }
  if (t.sample) {
    out.push(`Sample (seed ${code(t.sample.seed)}, rate ${t.sample.rate}): ${t.sample.source_rows} source rows, ` +
      `${t.sample.target_rows} target rows, ${t.sample.mismatched_keys.length} differing.`, '');
  }
  return out;
}

export function renderReconMarkdown(r: ReconReport): string {
  const s = r.summary;
  const verdict = s.status === 'pass' ? 'PASS' : 'FAIL';
  const lines = [
    '<!-- migration-copilot:recon-report -->',
    `## Reconciliation: ${verdict}`,
    '',
    `**${s.tables} table(s): ${s.passed} PASS${s.within_tolerance > 0 ? ` (${s.within_tolerance} of them within tolerance)` : ''}, ${s.failed} FAIL` +
      `${s.severity ? `; highest severity ${s.severity}` : ''}.**`,
    '',
    `Source ${r.source.engine} \`${r.source.location}\`, target ${r.target.engine} \`${r.target.location}\`; ` +
      `hashing spec ${r.hashing_spec.spec_id} ${r.hashing_spec.version} (${r.hashing_spec.digest}); generated ${r.generated_at}.`,
    '',
    '| table | source rows | target rows | missing | extra | different | severity | status |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...r.tables.map((t) => `| ${cell(t.source_table)} | ${t.counts.source} | ${t.counts.target} | ${t.differences.missing} | ` +
      `${t.differences.extra} | ${t.differences.mismatched} | ${t.severity ?? '-'} | ${status(t)} |`),
    '',
    ...chart(r),
    '',
    ...r.tables.filter((t) => t.differs || differing(t) > 0).flatMap(tableSection),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// The check run's title and markdown summary: what was decided, why, and how to fix it; which commits were
// judged with which rules; and, past GitHub's 50 annotations a request, how the annotations were sent. No
// clock and no run-specific ids in it: the same verdict renders the same text (tested against golden files
// in test/golden/app/), which is what lets the app skip rewriting an unchanged check run.
import type { Finding } from '../../core/schema/finding.js';
import { annotatable, ANNOTATIONS_PER_REQUEST, MAX_ANNOTATIONS } from './annotations.js';
import type { DesiredCheck, Judged } from './desired.js';

/** Rows listed in the summary; the rest are counted (GitHub caps a summary at 65535 characters). */
const MAX_ROWS = 100;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function counts(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
}

export function titleOf(c: DesiredCheck): string {
  switch (c.conclusion) {
    case 'success': return c.findings.length === 0 ? 'passed' : `passed with ${counts(c.findings)}`;
    case 'failure': return counts(c.findings);
    case 'skipped': return 'skipped: nothing to judge';
    case 'neutral': return 'not judged: the system failed';
  }
}

function table(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const rows = findings.slice(0, MAX_ROWS).map((f) =>
    `| ${f.severity === 'error' ? 'error' : 'warning'} | ${cell(f.path || '(none)')}${f.path ? `:${f.line}` : ''} | \`${cell(f.rule)}\` | ${cell(f.message)} |`);
  const more = findings.length > MAX_ROWS ? [``, `…and ${findings.length - MAX_ROWS} more; run \`migration-copilot validate --repo . --base <checkout of the base branch>\` on the branch to see every finding.`] : [];
  return ['| | where | rule | finding |', '|---|---|---|---|', ...rows, ...more];
}

function annotationNote(findings: readonly Finding[]): string[] {
  const n = findings.filter(annotatable).length;
  if (n <= ANNOTATIONS_PER_REQUEST) return [];
  const sent = Math.min(n, MAX_ANNOTATIONS);
  const batchCount = Math.ceil(sent / ANNOTATIONS_PER_REQUEST);
  const rest = n > MAX_ANNOTATIONS ? `; the other ${n - MAX_ANNOTATIONS} are listed here only` : '';
  return [``, `${plural(n, 'finding')} on files: ${sent} annotated in ${batchCount} batches of at most ${ANNOTATIONS_PER_REQUEST} (GitHub's limit a request)${rest}.`];
}

export function summaryOf(c: DesiredCheck, judged: Judged): string {
  const lines: string[] = [];
  switch (c.conclusion) {
    case 'success':
      lines.push(c.findings.length === 0 ? `**${c.name} passed.** No findings.` : `**${c.name} passed** with ${counts(c.findings)} (warnings do not block signing).`);
      break;
    case 'failure':
      lines.push(`**${c.name} failed: ${counts(c.findings)}.** The policy says no until each error below is fixed; each finding says how. Push the fix to this branch and the check runs again.`);
      break;
    case 'skipped':
      lines.push(`**${c.name} skipped:** ${c.reason ?? 'nothing to judge'}.`, '', 'A skipped check is not a pass: `/plan sign` needs every validator to judge and pass.');
      break;
    case 'neutral':
      lines.push(`**${c.name} could not judge this commit: the system failed.** Nothing was decided.`, '', `Error: ${c.reason ?? 'unknown'}`, '',
        'The app tries once more by itself in a few seconds. To retry later: "Re-run" this check, or push to the branch. If it keeps failing, check that the app is installed on the repository with the permissions in app.yml.');
      break;
  }
  if (c.conclusion !== 'neutral') lines.push(...(table(c.findings).length > 0 ? ['', ...table(c.findings)] : []), ...(c.annotate === false ? [] : annotationNote(c.findings)));
  const base = judged.baseSha === '' ? '(its head could not be read)' : judged.baseSha.slice(0, 12);
  lines.push('', `Judged ${judged.headSha.slice(0, 12)} with the rules, roles and policy of \`${judged.baseRef}\` at ${base} (validator ${c.validator.id} ${c.validator.version}).`);
  return `${lines.join('\n')}\n`;
}

// What a rehearsal tells reviewers: the check run `migration/rehearsal` on the pull request's head (through
// the REST API with the workflow's GITHUB_TOKEN, which needs `permissions: checks: write`), and the same
// lines on the terminal. The summary holds the rows per table sampled and loaded, the rows each of the
// plan's views gives on the sample, the reconciliation
// verdict (with the recon report's own markdown) and every failure with what to do about it.
import { readFileSync } from 'node:fs';
import { CopilotError } from '../../core/errors.js';
import { renderReconMarkdown } from '../../core/recon/markdown.js';
import { githubError, octokitFor, ownerAndName, type GitHubTarget } from '../publish/github.js';
import type { RehearsalResult } from './run.js';

export const REHEARSAL_CHECK = 'migration/rehearsal';
/** GitHub's limit on a check run's output.summary and output.text. */
const MAX_OUTPUT = 65_535;

const n = (x: number) => x.toLocaleString('en-US');

export function rehearsalTitle(r: RehearsalResult): string {
  if (!r.ok) return `Rehearsal failed: ${r.failures.map((f) => f.what).join(', ') || 'reconciliation'}`;
  const rows = r.tables.reduce((a, t) => a + (t.loaded ?? 0), 0);
  return `Rehearsal passed: ${n(rows)} sampled rows in ${r.tables.length} table(s), ${r.recon ? `reconciliation ${r.recon.summary.status}` : 'nothing to reconcile'}`;
}

export function rehearsalSummary(r: RehearsalResult): string {
  const out = [
    `Plan \`${r.plan.id}\` v${r.plan.version} at \`${r.commit.slice(0, 12)}\` (unsigned), rehearsed on a sample of the source loaded into an embedded DuckDB. ` +
    `Nothing was written to the ${r.plan.target} target.`,
    '',
    `Sample: the rows whose hash of the key (seed \`${r.sample.seed}\`) falls in the first ${r.sample.rate * 100}% of the hash space, ` +
    `at most ${n(r.sample.rows)} per table: the same rows on every run.`,
    '',
  ];
  if (r.tables.length > 0) {
    out.push('| step | source | target | rows sampled | rows loaded |', '|---|---|---|---:|---:|');
    for (const t of r.tables) out.push(`| ${t.step} | \`${t.source}\` | \`${t.target}\` | ${n(t.sampled)} | ${t.loaded === null ? 'not loaded' : n(t.loaded)} |`);
    out.push('');
  }
  if (r.models.length > 0) {
    out.push('| step | model | view | rows on the sample |', '|---|---|---|---:|');
    for (const m of r.models) out.push(`| ${m.step} | \`${m.model}\` | \`${m.view}\` | ${n(m.rows)} |`);
    out.push('');
  }
  if (r.recon) out.push(`Reconciliation: **${r.recon.summary.status}**, ${r.recon.summary.passed} of ${r.recon.summary.tables} table(s) pass.`, '');
  if (r.failures.length > 0) {
    out.push('### What failed', '');
    for (const f of r.failures) out.push(`- **${f.what}**: ${f.message.split('\n').join(' ')}`, `  - what to do: ${f.hint}`);
    out.push('');
  }
  if (r.notes.length > 0) out.push('Not rehearsed:', ...r.notes.map((x) => `- ${x}`), '');
  return out.join('\n');
}

/** The lines printed on the terminal (no markdown table). */
export function rehearsalLines(r: RehearsalResult): string[] {
  const lines = [`rehearsal of ${r.plan.id} v${r.plan.version} at ${r.commit.slice(0, 12)} (unsigned) on a sample of the source (rate ${r.sample.rate}, at most ${r.sample.rows} rows a table), into a scratch DuckDB:`];
  for (const t of r.tables) lines.push(`  ${t.step}: ${t.source} -> ${t.target}: ${t.sampled} rows sampled, ${t.loaded ?? 'none'} loaded`);
  for (const m of r.models) lines.push(`  ${m.step}: ${m.model} -> view ${m.view}: ${m.rows} rows on the sample`);
  if (r.recon) lines.push(`  reconciliation: ${r.recon.summary.status}, ${r.recon.summary.passed} of ${r.recon.summary.tables} tables pass`);
  for (const f of r.failures) lines.push(`  FAIL ${f.what}: ${f.message}`, `       what to do: ${f.hint}`);
  for (const x of r.notes) lines.push(`  not rehearsed: ${x}`);
  lines.push(`rehearsal: ${r.ok ? 'passed' : 'failed'}; nothing was written to the target`);
  return lines;
}

/**
 * The commit a pull_request run checks: the pull request's head (the event payload's), else
 * MIGRATION_COPILOT_HEAD_SHA, else GITHUB_SHA.
 */
export function headShaFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { head?: { sha?: unknown } } };
      const sha = event.pull_request?.head?.sha;
      if (typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)) return sha;
    } catch {
      // no readable event: fall back to the variables
    }
  }
  return env.MIGRATION_COPILOT_HEAD_SHA || env.GITHUB_SHA || undefined;
}

function truncate(text: string): string {
  return text.length <= MAX_OUTPUT ? text : `${text.slice(0, MAX_OUTPUT - 40)}\n\n(truncated at GitHub's limit)`;
}

export interface CheckOutput {
  readonly conclusion: 'success' | 'failure' | 'neutral';
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
}

export function rehearsalOutput(r: RehearsalResult): CheckOutput {
  return { conclusion: r.ok ? 'success' : 'failure', title: rehearsalTitle(r), summary: rehearsalSummary(r), ...(r.recon ? { text: renderReconMarkdown(r.recon) } : {}) };
}

/** Creates the completed check run migration/rehearsal on `headSha`; returns its id and page. */
export async function reportCheck(github: GitHubTarget, headSha: string, o: CheckOutput): Promise<{ id: number; url: string }> {
  const octokit = octokitFor(github);
  try {
    const { data } = await octokit.rest.checks.create({
      ...ownerAndName(github), name: REHEARSAL_CHECK, head_sha: headSha, status: 'completed', conclusion: o.conclusion,
      output: { title: o.title.slice(0, 250), summary: truncate(o.summary), ...(o.text ? { text: truncate(o.text) } : {}) },
    });
    return { id: data.id, url: data.html_url ?? '' };
  } catch (e) {
    const err = githubError(`create the check run ${REHEARSAL_CHECK} on ${headSha.slice(0, 12)}`, e);
    throw new CopilotError('IO_FAILED', err.message, { cause: e, hint: 'the workflow\'s token needs `permissions: checks: write` (migration-ci.yml has it)' });
  }
}

// ReportPublisher: the last step of `migration-copilot execute`. Uploads the execution and recon reports
// to the artifact store (write-once), commits them on branch evidence/plan-v<N> and opens (or updates) the
// evidence pull request with the workflow's token; a run that succeeded moves project.json PLANNED -> EXECUTED
// in the same pull request (executedState). A rerun with the same reports writes nothing new and
// updates the same pull request; it never opens a second one.
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { stateChange, withState } from '../../core/state/index.js';
import { renderReconMarkdown } from '../../core/recon/markdown.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { ExecutionReport } from '../../core/types/generated.js';
import type { ArtifactStore, StoredArtifact } from '../artifacts/store.js';
import { evidenceBody, evidenceTitle } from './body.js';
import { commitFiles } from './branch.js';
import { githubError, octokitFor, ownerAndName, type GitHubTarget } from './github.js';
import { ensurePull, type EvidencePull } from './pull.js';

export { githubFromEnv, type GitHubTarget } from './github.js';

export interface PublishInput {
  readonly version: number;
  readonly executionReport: ExecutionReport;
  readonly reconReports: readonly ReconReport[];
  readonly store: ArtifactStore;
  /** undefined: store only (a run outside a workflow); the result says nothing was committed. */
  readonly github?: GitHubTarget;
  /** The branch the pull request targets; default: the repository's default branch. */
  readonly base?: string;
}

export interface PublishResult {
  /** Repository path -> where the same bytes are stored. */
  readonly stored: Readonly<Record<string, StoredArtifact>>;
  readonly branch?: { readonly name: string; readonly sha: string; readonly changed: boolean };
  readonly pull?: EvidencePull;
}

/**
 * The lifecycle step the evidence pull request carries: a run that succeeded moves project.json from PLANNED
 * (the base branch's state) to EXECUTED, one forward step (core/state/state-change.ts); merging it is the
 * people's decision, with the roles the policy asks for PLANNED->EXECUTED. Any other state is left alone.
 */
async function executedState(octokit: ReturnType<typeof octokitFor>, where: { owner: string; repo: string }, base: string, report: ExecutionReport): Promise<{ text: string; transition: string } | undefined> {
  if (report.status !== 'succeeded') return undefined;
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({ ...where, path: REPO_PATHS.project, ref: base });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    text = Buffer.from(data.content, 'base64').toString('utf8');
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw githubError(`read ${REPO_PATHS.project} on ${base}`, e);
  }
  let state: unknown;
  try {
    state = (JSON.parse(text) as { state?: unknown }).state;
  } catch {
    return undefined;
  }
  if (state !== 'PLANNED') return undefined;
  const move = stateChange('PLANNED', 'EXECUTED');
  return move.kind === 'transition' ? { text: withState(text, 'EXECUTED'), transition: move.transition } : undefined;
}

export function evidenceBranch(version: number): string {
  return `evidence/plan-v${version}`;
}

/** The files the evidence commit holds, by repository path (design: runs/v<N>/, reconciliation/v<N>/). */
export function evidenceFiles(version: number, execution: ExecutionReport, recon: readonly ReconReport[]): Record<string, string> {
  const files: Record<string, string> = { [`runs/v${version}/execution_report.json`]: `${JSON.stringify(execution, null, 2)}\n` };
  recon.forEach((r, i) => {
    const stem = `reconciliation/v${version}/recon_report${recon.length === 1 ? '' : `.${i + 1}`}`;
    files[`${stem}.json`] = `${JSON.stringify(r, null, 2)}\n`;
    files[`${stem}.md`] = renderReconMarkdown(r);
  });
  return files;
}

export async function publishRun(input: PublishInput): Promise<PublishResult> {
  const { version, executionReport } = input;
  if (!Number.isInteger(version) || version < 1 || executionReport.plan_version !== version) {
    throw new CopilotError('INPUT_INVALID', `publish: plan version ${version} does not match the execution report's plan_version ${executionReport.plan_version}`);
  }
  const files = evidenceFiles(version, executionReport, input.reconReports);
  const stored: Record<string, StoredArtifact> = {};
  // Stored per run: a later run of the same plan is new evidence, never a replacement.
  for (const [path, content] of Object.entries(files)) {
    stored[path] = await input.store.put(`${path.replace(/\/([^/]+)$/, `/${executionReport.run_id}/$1`)}`, Buffer.from(content));
  }
  if (!input.github) return { stored };

  const octokit = octokitFor(input.github);
  const where = ownerAndName(input.github);
  let base = input.base;
  if (!base) {
    try {
      base = (await octokit.rest.repos.get(where)).data.default_branch;
    } catch (e) {
      throw githubError(`read ${input.github.repository}`, e);
    }
  }
  const branch = evidenceBranch(version);
  const move = await executedState(octokit, where, base, executionReport);
  const content = { version, executionReport, reconReports: input.reconReports, stored, ...(move ? { stateMove: move.transition } : {}) };
  const commit = await commitFiles(octokit, where, {
    branch, base, files: move ? { ...files, [REPO_PATHS.project]: move.text } : files,
    message: `Evidence for plan v${version}: run ${executionReport.run_id} ${executionReport.status}${move ? `; state ${move.transition}` : ''}`,
  });
  const pull = await ensurePull(octokit, where, {
    head: branch, base, title: evidenceTitle(content), body: evidenceBody(content), branchChanged: commit.changed,
  });
  return { stored, branch: { name: branch, sha: commit.sha, changed: commit.changed }, pull };
}

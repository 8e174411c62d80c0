// What the REST API answers, read through the app's installation (the same port and snapshots as the
// reconciler): a repository's project as its default branch says (state, signed plan versions, the latest
// recon verdict), the approvals its open plan pull requests still miss, the audit chain's head, and an
// artifact by sha256, its digest checked again on the bytes that go out.
import { createHash } from 'node:crypto';
import { buildMigrationContext, REPO_PATHS, type MigrationContext } from '../../core/repo/index.js';
import { runValidators } from '../../core/validators/index.js';
import { auditHead } from '../audit/branch.js';
import type { AuditPort } from '../audit/port.js';
import { recordApprovals } from '../github/approvals-record.js';
import type { GitHubPort } from '../github/port.js';
import { treeRepoFiles, type TreeSnapshot } from '../reconcile/tree-files.js';

export interface Where {
  readonly owner: string;
  readonly repo: string;
}

export interface ProjectSummary {
  readonly repository: string;
  readonly project_id: string | null;
  readonly state: string | null;
}

export interface ProjectDetail extends ProjectSummary {
  readonly default_branch: string;
  readonly commit: string;
  readonly project: unknown;
  readonly plan_versions: readonly number[];
  readonly approvals_missing: readonly { readonly pull_number: number; readonly head_sha: string; readonly missing: readonly string[] }[];
  readonly recon: { readonly version: number; readonly path: string; readonly status: string | null } | null;
  readonly audit_head: { readonly seq: number; readonly hash: string } | null;
}

async function defaultBranchSnapshot(port: GitHubPort, where: Where): Promise<{ branch: string; snapshot: TreeSnapshot; ctx: MigrationContext }> {
  const branch = (await port.rest.repos.get(where)).data.default_branch;
  const sha = (await port.rest.git.getRef({ ...where, ref: `heads/${branch}` })).data.object.sha;
  const snapshot = await treeRepoFiles(port, where, sha);
  return { branch, snapshot, ctx: buildMigrationContext(snapshot.files) };
}

/** undefined when the repository is not a migration repository (no project.json on its default branch). */
export async function projectSummary(port: GitHubPort, where: Where): Promise<ProjectSummary | undefined> {
  const { snapshot, ctx } = await defaultBranchSnapshot(port, where);
  if (!snapshot.paths.includes(REPO_PATHS.project)) return undefined;
  return { repository: `${where.owner}/${where.repo}`, project_id: ctx.project?.value?.project_id ?? null, state: ctx.project?.value?.state ?? null };
}

function latestRecon(ctx: MigrationContext): ProjectDetail['recon'] {
  const reports = ctx.records.filter((r) => r.schema === 'recon_report')
    .map((r) => ({ r, version: Number(/^reconciliation\/v(\d+)\//.exec(r.path)?.[1] ?? 0) }))
    .sort((a, b) => b.version - a.version);
  const top = reports[0];
  if (!top) return null;
  const status = (top.r.value as { summary?: { status?: string } } | undefined)?.summary?.status ?? null;
  return { version: top.version, path: top.r.path, status };
}

async function missingApprovals(port: GitHubPort, where: Where, branch: string, base: MigrationContext): Promise<ProjectDetail['approvals_missing']> {
  const pulls = (await port.rest.pulls.list({ ...where, state: 'open', base: branch, per_page: 100 })).data;
  const out: { pull_number: number; head_sha: string; missing: string[] }[] = [];
  for (const pr of pulls) {
    const head = await treeRepoFiles(port, where, pr.head.sha);
    if (!head.paths.includes(REPO_PATHS.plan)) continue;
    const record = await recordApprovals(port, { ...where, pull_number: pr.number });
    const run = runValidators(buildMigrationContext(head.files), { base, only: ['approvals'], approvalsRecord: { path: `approvals of #${pr.number}`, text: JSON.stringify(record) } });
    const missing = run.results.flatMap((r) => r.findings).filter((f) => f.severity === 'error').map((f) => f.message);
    out.push({ pull_number: pr.number, head_sha: record.head_sha, missing });
  }
  return out;
}

/** `audit` reads the migration-audit branch (the installation's Octokit; only its reads are used). */
export async function projectDetail(port: GitHubPort, audit: AuditPort, where: Where): Promise<ProjectDetail | undefined> {
  const { branch, snapshot, ctx } = await defaultBranchSnapshot(port, where);
  if (!snapshot.paths.includes(REPO_PATHS.project)) return undefined;
  const [approvals, head] = await Promise.all([missingApprovals(port, where, branch, ctx), auditHead(audit, where)]);
  return {
    repository: `${where.owner}/${where.repo}`,
    project_id: ctx.project?.value?.project_id ?? null,
    state: ctx.project?.value?.state ?? null,
    default_branch: branch,
    commit: snapshot.commit,
    project: ctx.project?.value ?? null,
    plan_versions: ctx.signedVersions,
    approvals_missing: approvals,
    recon: latestRecon(ctx),
    audit_head: head ?? null,
  };
}

/** The bytes of a file on the default branch whose sha256 is `digest`, checked again before they go out. */
export async function artifactBySha256(port: GitHubPort, where: Where, digest: string): Promise<{ path: string; bytes: Buffer } | undefined> {
  const { snapshot } = await defaultBranchSnapshot(port, where);
  for (const path of snapshot.files.list('')) {
    const bytes = snapshot.files.readBytes?.(path);
    if (bytes && createHash('sha256').update(bytes).digest('hex') === digest) {
      const out = Buffer.from(bytes);
      if (createHash('sha256').update(out).digest('hex') !== digest) return undefined;
      return { path, bytes: out };
    }
  }
  return undefined;
}

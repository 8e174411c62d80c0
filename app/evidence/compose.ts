// /evidence compose: the evidence pack of the current state, as far as the repository holds it. The pack
// is evidence/v<N>/ (N: the latest signed plan on the base branch) with audit_chain.json (the audit branch's
// chain, its head hash) and sha256_manifest.json: the sha256 and size of every file the pack speaks for (the
// plan, its SignedPlan and bundle, contracts, models, run and recon reports of v<N>, the audit chain). It is
// committed on branch migration/evidence-v<N> and proposed as a pull request; the manifest's digest is
// recorded in the audit chain. The artifact store upload and the in-toto attestation are the evidence
// command's (issue 14), not the app's yet.
import { parseAuditJsonl, headHash, verifyChain } from '../../core/audit/index.js';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { REPO_PATHS } from '../../core/repo/index.js';
import { AUDIT_BRANCH, AUDIT_FILE } from '../audit/branch.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { branchWithFiles } from '../plan/commit-files.js';

export interface EvidencePack {
  readonly version: number;
  readonly dir: string;
  readonly manifestSha256: string;
  readonly files: number;
  readonly pull: number;
  readonly url: string;
  readonly opened: boolean;
}

/** The repository files a pack of version N speaks for. */
export function packPaths(paths: readonly string[], version: number): string[] {
  const mine = [REPO_PATHS.plan, REPO_PATHS.project, REPO_PATHS.mapping, REPO_PATHS.manualDecisions,
    `plans/signed/v${version}.json`, `plans/signed/v${version}.sigstore.json`];
  return paths.filter((p) => mine.includes(p as never) || p.startsWith('models/') || p.startsWith(`runs/v${version}/`) || p.startsWith(`reconciliation/v${version}/`)).sort();
}

async function auditChainText(job: RepoJob, projectId: string): Promise<string> {
  const where = { owner: job.owner, repo: job.repo };
  let text = '';
  try {
    const tree = (await job.octokit.rest.git.getTree({ ...where, tree_sha: `refs/heads/${AUDIT_BRANCH}` })).data.tree;
    const sha = tree.find((t) => t.path === AUDIT_FILE)?.sha;
    if (sha) text = Buffer.from((await job.octokit.rest.git.getBlob({ ...where, file_sha: sha })).data.content, 'base64').toString('utf8');
  } catch (e) {
    if ((e as { status?: unknown }).status !== 404) throw e;
  }
  const parsed = parseAuditJsonl(text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
  const verdict = verifyChain(parsed.entries, { projectId });
  if (parsed.findings.length > 0 || !verdict.ok) {
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `the audit chain on ${AUDIT_BRANCH} does not verify (${verdict.ok ? parsed.findings[0]!.message : verdict.message}); no evidence pack is composed over it`);
  }
  return `${JSON.stringify({ project_id: projectId, entries: parsed.entries, head_hash: headHash(parsed.entries) }, null, 2)}\n`;
}

export async function composeEvidence(job: RepoJob, base: BaseRules, now: Date): Promise<EvidencePack> {
  const version = base.repo.signedVersions.at(-1);
  if (version === undefined) throw new CopilotError('PLAN_REFUSED', `there is no signed plan on ${base.ref}: an evidence pack speaks for a signed plan`);
  const dir = `evidence/v${version}`;
  const projectId = base.projectId!;
  const chain = await auditChainText(job, projectId);
  const entries = packPaths(base.files.paths, version).map((path) => {
    const bytes = base.files.files.readBytes!(path) ?? Buffer.alloc(0);
    return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
  });
  const chainBytes = Buffer.from(chain, 'utf8');
  entries.push({ path: `${dir}/audit_chain.json`, sha256: sha256Hex(chainBytes), bytes: chainBytes.length });
  const plan = base.repo.plan?.value;
  const manifest = `${JSON.stringify({
    project_id: projectId, ...(plan?.plan_id ? { plan_id: plan.plan_id } : {}), plan_version: version, commit_sha: base.sha,
    algorithm: 'sha256', created_at: now.toISOString(), files: entries,
  }, null, 2)}\n`;
  const where = { owner: job.owner, repo: job.repo };
  const branch = `migration/evidence-v${version}`;
  const created = await branchWithFiles(job.octokit, where, branch, base.sha, [
    { path: `${dir}/audit_chain.json`, text: chain }, { path: `${dir}/sha256_manifest.json`, text: manifest },
  ], `Evidence pack v${version}\n\nsha256 manifest over ${entries.length} files at ${base.sha}.\n`);
  const open = (await job.octokit.rest.pulls.list({ ...where, state: 'open', head: `${job.owner}:${branch}`, per_page: 10 })).data[0];
  const pr = open ?? (await job.octokit.rest.pulls.create({
    ...where, head: branch, base: base.ref, title: `Evidence pack v${version}`,
    body: `\`${dir}/sha256_manifest.json\`: the sha256 of ${entries.length} files at ${base.sha.slice(0, 12)}, the audit chain included.`,
  })).data;
  return { version, dir, manifestSha256: sha256Hex(manifest), files: entries.length, pull: pr.number, url: pr.html_url, opened: created !== null };
}

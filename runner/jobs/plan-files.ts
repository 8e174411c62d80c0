// What a run reads from the repository, after the gate passed: the plan, mapping, discovery snapshot,
// policy and models at the tagged commit; the connections and the artifact store from the default
// branch's config (rules come from the base, never from the change). Every file read is digested for the
// execution report.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { CopilotError } from '../../core/errors.js';
import { canonicalDigest } from '../../core/json/canonical.js';
import { artifactValue, buildMigrationContext, fileBytes, REPO_PATHS, signedPlanPaths, type RepoFiles } from '../../core/repo/index.js';
import { DISCOVERY_SNAPSHOT } from '../../core/repo/inputs-manifest.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { DiscoveryReport, MigrationConfig, MigrationPlan, Policy, SchemaMapping } from '../../core/types/generated.js';
import { defaultBranchRef } from '../gate/git-checks.js';
import { gitTreeRepoFiles } from '../gate/repo-files.js';

export interface PlanFiles {
  readonly plan: DeepReadonly<MigrationPlan>;
  readonly mapping: DeepReadonly<SchemaMapping> | undefined;
  readonly discovery: DeepReadonly<DiscoveryReport> | undefined;
  readonly policy: DeepReadonly<Policy>;
  readonly config: DeepReadonly<MigrationConfig>;
  readonly model: (path: string) => string | undefined;
  /** path -> sha256 of every file read (the config's path names the default branch). */
  readonly inputs: Record<string, string>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Read {
  readonly files: RepoFiles;
  readonly ctx: ReturnType<typeof buildMigrationContext>;
  readonly base: ReturnType<typeof buildMigrationContext>;
  readonly baseLabel: string;
}

async function readAt(repoDir: string, commit: string, where: string, baseRef: string, baseLabel: string): Promise<Read> {
  const files: RepoFiles = await gitTreeRepoFiles(repoDir, commit);
  const ctx = buildMigrationContext(files);
  if (!ctx.plan) throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.plan} is not at ${where}`);
  const base = buildMigrationContext(await gitTreeRepoFiles(repoDir, baseRef));
  if (!base.config) throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.config} is not on ${baseLabel}`);
  return { files, ctx, base, baseLabel };
}

function planFiles(r: Read, policy: DeepReadonly<Policy>, version: number): PlanFiles {
  const { files, ctx, base } = r;
  const discoveryArtifact = ctx.discovery.find((a) => a.path === DISCOVERY_SNAPSHOT);
  const inputs: Record<string, string> = {};
  const paths = signedPlanPaths(version);
  for (const p of [REPO_PATHS.plan, REPO_PATHS.mapping, REPO_PATHS.manualDecisions, REPO_PATHS.project, REPO_PATHS.policy, DISCOVERY_SNAPSHOT, paths.readable, paths.bundle, ...files.list('models/')]) {
    const bytes = fileBytes(files, p);
    if (bytes) inputs[p] = sha(bytes);
  }
  const configBytes = fileBytes(base.files, REPO_PATHS.config);
  if (configBytes) inputs[`${REPO_PATHS.config}@${r.baseLabel}`] = sha(configBytes);
  return {
    plan: artifactValue(ctx.plan!), mapping: ctx.mapping ? artifactValue(ctx.mapping) : undefined,
    discovery: discoveryArtifact ? artifactValue(discoveryArtifact) as DeepReadonly<DiscoveryReport> : undefined,
    policy, config: artifactValue(base.config!), inputs, model: (p) => files.read(p),
  };
}

/**
 * `policyVersion` is the signed plan's: the policy the run is judged by (tolerances, retries, PII) must be
 * that one, so a policy edited after signing refuses the run here whatever the gate compared it with.
 */
export async function readPlanFiles(repoDir: string, commit: string, version: number, policyVersion: string, defaultBranch = 'main'): Promise<PlanFiles> {
  const r = await readAt(repoDir, commit, 'the tagged commit', await defaultBranchRef(repoDir, defaultBranch), defaultBranch);
  const policy = artifactValue(r.ctx.policy);
  const digest = canonicalDigest(policy);
  if (digest !== policyVersion) {
    throw new CopilotError('PLAN_REFUSED', `the policy at plan/v${version} (${r.ctx.policy.path}, ${digest.slice(0, 12)}) is not the policy the plan was signed under (${policyVersion.slice(0, 12)}); nothing was written`, {
      hint: 'a policy change needs its own pull request and approvals, then a newly signed plan',
    });
  }
  return planFiles(r, policy, version);
}

/**
 * An unsigned plan at `commit` (a plan pull request's head), for the rehearsal and the unsigned dry run:
 * connections, artifact store and policy come from the base branch (`baseBranch`, else the default
 * branch), never from the change under review.
 */
export async function readUnsignedPlanFiles(repoDir: string, commit: string, baseBranch = 'main'): Promise<PlanFiles> {
  const r = await readAt(repoDir, commit, `${commit.slice(0, 12)} (the pull request's head)`, await defaultBranchRef(repoDir, baseBranch), baseBranch);
  return planFiles(r, artifactValue(r.base.policy), artifactValue(r.ctx.plan!).version);
}

/** The commit checked out in `repoDir` (a pull request's head in a pull_request workflow). */
export async function headCommit(repoDir: string): Promise<string> {
  try {
    return (await promisify(execFile)('git', ['rev-parse', 'HEAD^{commit}'], { cwd: repoDir })).stdout.trim();
  } catch (e) {
    throw new CopilotError('INPUT_INVALID', `${repoDir} has no checked-out commit: ${(e as Error).message.split('\n')[0]}`, { hint: 'pass --repo a git checkout of the migration repository' });
  }
}

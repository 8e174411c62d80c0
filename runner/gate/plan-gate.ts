// The runner's plan gate: before anything runs, the tag plan/v<N> must pass the git checks and the files
// at the tagged commit must pass core's file checks, with the trust policy and roles taken from
// .migration/config.yml on the default branch (never from the commit being run). Every check is reported;
// a refusal writes nothing and says exactly why.
import { CopilotError } from '../../core/errors.js';
import {
  artifactValue, buildMigrationContext, newArtifactMemo, fileBytes, inputsManifest, REPO_PATHS, signedPlanPaths,
} from '../../core/repo/index.js';
import { checkPlanFromFiles, type BundleSigner, type SignedPlan } from '../../core/signing/index.js';
import type { CommitVerification } from './commit-verification.js';
import { checkPlanTag, defaultBranchRef, tagName } from './git-checks.js';
import { gitTreeRepoFiles } from './repo-files.js';

export interface RunnerGateCheck {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface RunnerGateResult {
  readonly ok: boolean;
  readonly checks: readonly RunnerGateCheck[];
  /** The commit plan/v<N> points at. */
  readonly commit?: string;
  /** Present only when every check passed. */
  readonly signedPlan?: SignedPlan;
  readonly signer?: BundleSigner;
}

export interface RunnerGateInput {
  readonly repoDir: string;
  readonly version: number;
  /** The default branch name; `main` when not given. */
  readonly defaultBranch?: string;
  /** Sigstore trusted root (JSON), for keyless bundles. */
  readonly trustedRoot?: unknown;
  /**
   * GitHub's verification of commits of this repository (runner/github/commit-verification.ts). Consulted
   * only when .migration/config.yml on the default branch sets signers.github_verified_commits.
   */
  readonly commitVerification?: CommitVerification;
}

export async function runPlanGate(input: RunnerGateInput): Promise<RunnerGateResult> {
  const defaultRef = await defaultBranchRef(input.repoDir, input.defaultBranch ?? 'main');
  // The default branch, the tagged commit and its first parent share most files: each is parsed once.
  const memo = newArtifactMemo();
  const base = buildMigrationContext(await gitTreeRepoFiles(input.repoDir, defaultRef), { memo });
  if (!base.config) throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.config} is not on the default branch (${defaultRef})`);
  const config = artifactValue(base.config, `${REPO_PATHS.config} (${defaultRef})`);

  const tag = await checkPlanTag({
    repoDir: input.repoDir, version: input.version, tagSigners: config.signers.tag_signers ?? [], defaultRef,
    trustGitHubVerified: config.signers.github_verified_commits === true, commitVerification: input.commitVerification,
  });
  const checks: RunnerGateCheck[] = [...tag.checks];
  if (!tag.commit) return { ok: false, checks };

  const files = await gitTreeRepoFiles(input.repoDir, tag.commit);
  const at = buildMigrationContext(files, { memo });
  const paths = signedPlanPaths(input.version);
  const signed = at.signedPlans.find((s) => s.version === input.version);
  // The plan's exact bytes, valid or not: plan_sha256 is what binds them to the signature.
  const planBytes = fileBytes(files, REPO_PATHS.plan);
  const missing = [[paths.readable, signed], [paths.bundle, signed?.bundleText], [REPO_PATHS.plan, planBytes]]
    .filter(([, found]) => found === undefined).map(([p]) => p);
  if (!signed || signed.bundleText === undefined || !planBytes) {
    checks.push({ id: 'files', ok: false, detail: `${tagName(input.version)} (${tag.commit.slice(0, 12)}) lacks ${missing.join(', ')}` });
    return { ok: false, checks, commit: tag.commit };
  }
  // The policy in force is the default branch's before the plan merged: the tagged merge commit's first
  // parent. The plan pull request's own policy never counts, even once merged.
  const before = buildMigrationContext(await gitTreeRepoFiles(input.repoDir, `${tag.commit}^1`), { memo });
  const policy = artifactValue(before.policy, `${before.policy.path} at ${tag.commit.slice(0, 12)}^1 (the default branch before the plan merged)`);
  const result = checkPlanFromFiles({
    signedPlanJson: signed.text, bundleJson: signed.bundleText, planBytes,
    policy, config, expectedVersion: input.version, trustedRoot: input.trustedRoot, inputs: inputsManifest(at).inputs,
  });
  checks.push(...result.checks);
  const ok = checks.every((c) => c.ok);
  return ok
    ? { ok, checks, commit: tag.commit, signedPlan: result.signedPlan, signer: result.signer }
    : { ok, checks, commit: tag.commit };
}

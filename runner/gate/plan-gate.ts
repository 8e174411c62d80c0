// The runner's plan gate: before anything runs, the tag plan/v<N> must pass the git checks and the files
// at the tagged commit must pass core's file checks, with the trust policy and roles taken from
// .migration/config.yml on the default branch (never from the commit being run). Every check is reported;
// a refusal writes nothing and says exactly why.
import type { SimpleGit } from 'simple-git';
import { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY, parsePolicy, type ReadonlyPolicy } from '../../core/policy/index.js';
import { checkPlanFromFiles, type BundleSigner, type SignedPlan } from '../../core/signing/index.js';
import { checkPlanTag, defaultBranchRef, gitAt, tagName } from './git-checks.js';
import { CONFIG_FILE, parseDocumentAs, PLAN_FILE, REPO_POLICY_FILE, signedPlanPaths } from './repo-files.js';

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
}

/** A file's exact bytes at a commit, or undefined when the commit does not have it. */
async function fileAt(git: SimpleGit, commit: string, path: string): Promise<Buffer | undefined> {
  const exists = await git.raw(['ls-tree', '--name-only', commit, '--', path]).catch((e: unknown) => {
    throw new CopilotError('IO_FAILED', `git ls-tree ${commit.slice(0, 12)} failed`, { cause: e });
  });
  if (exists.trim() === '') return undefined;
  return git.showBuffer([`${commit}:${path}`]);
}

function signersOf(config: unknown): string[] {
  const lines = (config as { signers?: { tag_signers?: unknown } }).signers?.tag_signers;
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : [];
}

export async function runPlanGate(input: RunnerGateInput): Promise<RunnerGateResult> {
  const git = gitAt(input.repoDir);
  const defaultRef = await defaultBranchRef(input.repoDir, input.defaultBranch ?? 'main');
  const configBytes = await fileAt(git, defaultRef, CONFIG_FILE);
  if (!configBytes) throw new CopilotError('FILE_NOT_FOUND', `${CONFIG_FILE} is not on the default branch (${defaultRef})`);
  const config = parseDocumentAs(configBytes.toString('utf8'), `${CONFIG_FILE} (${defaultRef})`, 'config', true);

  const tag = await checkPlanTag({ repoDir: input.repoDir, version: input.version, tagSigners: signersOf(config), defaultRef });
  const checks: RunnerGateCheck[] = [...tag.checks];
  if (!tag.commit) return { ok: false, checks };

  const at = (path: string) => fileAt(git, tag.commit!, path);
  const paths = signedPlanPaths(input.version);
  const [readable, bundle, plan, repoPolicy] = await Promise.all([at(paths.readable), at(paths.bundle), at(PLAN_FILE), at(REPO_POLICY_FILE)]);
  const missing = [[paths.readable, readable], [paths.bundle, bundle], [PLAN_FILE, plan]].filter(([, b]) => !b).map(([p]) => p);
  if (missing.length > 0) {
    checks.push({ id: 'files', ok: false, detail: `${tagName(input.version)} (${tag.commit.slice(0, 12)}) lacks ${missing.join(', ')}` });
    return { ok: false, checks, commit: tag.commit };
  }
  const policy: ReadonlyPolicy = repoPolicy ? parsePolicy(repoPolicy.toString('utf8'), `${REPO_POLICY_FILE} at ${tagName(input.version)}`) : DEFAULT_POLICY;
  const files = checkPlanFromFiles({
    signedPlanJson: readable!.toString('utf8'), bundleJson: bundle!.toString('utf8'), planBytes: plan!,
    policy, config, expectedVersion: input.version, trustedRoot: input.trustedRoot,
  });
  checks.push(...files.checks);
  const ok = checks.every((c) => c.ok);
  return ok
    ? { ok, checks, commit: tag.commit, signedPlan: files.signedPlan, signer: files.signer }
    : { ok, checks, commit: tag.commit };
}

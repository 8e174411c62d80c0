// The git half of the runner's plan gate: the tag plan/v<N> is annotated, carries an SSH signature that
// `git verify-tag` accepts against the allowed signers of .migration/config.yml (signers.tag_signers), and
// points at a commit on the default branch whose own signature `git verify-commit` accepts against the same
// signers, or, when the default branch's config trusts it, that GitHub reports verified (commit-verification.ts).
// OpenPGP and X.509 verification are switched off, so a key in the runner's keyring counts for nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { CopilotError } from '../../core/errors.js';
import { checkCommitSignature, type CommitVerification } from './commit-verification.js';

export interface GitCheck {
  readonly id: 'tag-exists' | 'tag-annotated' | 'tag-signature' | 'tag-on-default-branch' | 'commit-signature';
  readonly ok: boolean;
  readonly detail: string;
}

export interface TagCheckInput {
  readonly repoDir: string;
  readonly version: number;
  /** Lines of an ssh allowed_signers file (config signers.tag_signers). */
  readonly tagSigners: readonly string[];
  /** The default branch's ref, e.g. refs/remotes/origin/main (see defaultBranchRef). */
  readonly defaultRef: string;
  /** signers.github_verified_commits of the default branch's config (default false). */
  readonly trustGitHubVerified?: boolean;
  /** Asked only when git verify-commit says no and trustGitHubVerified is true. */
  readonly commitVerification?: CommitVerification;
}

export interface TagCheckResult {
  readonly checks: readonly GitCheck[];
  /** The commit the tag points at, when the tag exists. */
  readonly commit?: string;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).trim().split('\n').filter(Boolean).slice(0, 3).join(' / ');
}

/** A git command that must work; its failure is the system's, not the plan's. */
async function must<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new CopilotError('IO_FAILED', `git ${what} failed: ${message(e)}`, { cause: e });
  }
}

/** True when git exits 0, false when it exits non-zero (the answer is no); the output either way. */
async function asks(git: SimpleGit, args: string[]): Promise<{ yes: boolean; output: string }> {
  try {
    return { yes: true, output: await git.raw(args) };
  } catch (e) {
    return { yes: false, output: message(e) };
  }
}

/**
 * simple-git with exit codes honoured: by default it resolves a command that exits non-zero without
 * writing to stderr (`merge-base --is-ancestor`, `rev-parse --quiet`), which would read as "yes".
 */
export function gitAt(baseDir: string, config: string[] = []): SimpleGit {
  return simpleGit({
    baseDir, config,
    // The only gpg program this module sets is `false`, to switch OpenPGP and X.509 verification off.
    unsafe: { allowUnsafeGpgProgram: config.every((c) => !/^gpg\.(\w+\.)?program=/.test(c) || /=false$/.test(c)) },
    errors: (error, result) => {
      if (error) return error;
      if (result.exitCode === 0) return undefined;
      return Buffer.concat([...result.stdErr, Buffer.from(`(exit code ${result.exitCode})`)]);
    },
  });
}

export function tagName(version: number): string {
  return `plan/v${version}`;
}

/** refs/remotes/origin/<branch> when it exists (a CI checkout), else refs/heads/<branch>. */
export async function defaultBranchRef(repoDir: string, branch: string): Promise<string> {
  const git = gitAt(repoDir);
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    if ((await asks(git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).yes) return ref;
  }
  throw new CopilotError('INPUT_INVALID', `the default branch ${branch} is not in ${repoDir} (neither origin/${branch} nor ${branch})`, {
    hint: 'fetch the default branch, or set default_branch in .migration/config.yml',
  });
}

export async function checkPlanTag(input: TagCheckInput): Promise<TagCheckResult> {
  const tag = tagName(input.version);
  const ref = `refs/tags/${tag}`;
  const git = gitAt(input.repoDir);
  const checks: GitCheck[] = [];
  if (!(await asks(git, ['rev-parse', '--verify', '--quiet', ref])).yes) {
    return { checks: [{ id: 'tag-exists', ok: false, detail: `there is no tag ${tag}` }] };
  }
  checks.push({ id: 'tag-exists', ok: true, detail: tag });
  const type = (await must('cat-file', () => git.raw(['cat-file', '-t', ref]))).trim();
  const annotated = type === 'tag';
  checks.push({ id: 'tag-annotated', ok: annotated, detail: annotated ? `${tag} is an annotated tag` : `${tag} is a lightweight tag (it points at a ${type}); the gate needs an annotated, signed tag` });
  const commit = (await must('rev-parse', () => git.raw(['rev-parse', `${ref}^{commit}`]))).trim();

  const dir = await mkdtemp(join(tmpdir(), 'mc-allowed-signers-'));
  try {
    const signersFile = join(dir, 'allowed_signers');
    await writeFile(signersFile, input.tagSigners.map((l) => `${l}\n`).join(''));
    const verifier = gitAt(input.repoDir,
      ['gpg.format=ssh', `gpg.ssh.allowedSignersFile=${signersFile}`, 'gpg.openpgp.program=false', 'gpg.x509.program=false']);
    const none = input.tagSigners.length === 0 ? ' (signers.tag_signers of .migration/config.yml is empty)' : '';

    if (annotated) {
      const body = await must('cat-file', () => git.raw(['cat-file', 'tag', ref]));
      if (!body.includes('-----BEGIN SSH SIGNATURE-----')) {
        checks.push({ id: 'tag-signature', ok: false, detail: `${tag} has no SSH signature` });
      } else {
        const v = await asks(verifier, ['verify-tag', ref]);
        checks.push({ id: 'tag-signature', ok: v.yes, detail: v.yes ? `${tag} signed by an allowed signer` : `git verify-tag refused ${tag}${none}: ${v.output}` });
      }
    } else {
      checks.push({ id: 'tag-signature', ok: false, detail: 'not checked: a lightweight tag carries no signature' });
    }

    const onBranch = await asks(git, ['merge-base', '--is-ancestor', commit, input.defaultRef]);
    checks.push({ id: 'tag-on-default-branch', ok: onBranch.yes, detail: onBranch.yes
      ? `commit ${commit.slice(0, 12)} is on ${input.defaultRef}` : `commit ${commit.slice(0, 12)} is not on ${input.defaultRef}` });

    checks.push(await checkCommitSignature({
      commit, git: await asks(verifier, ['verify-commit', commit]), gitNote: none,
      trustGitHub: input.trustGitHubVerified === true, commitVerification: input.commitVerification,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { checks, commit };
}

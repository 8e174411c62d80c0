// What `sign` asks of the checkout it signs: the root of a git work tree (not a folder inside another
// repository), clean (nothing uncommitted or untracked), at the head the approvals were given on. And where
// the base branch's rules come from when --base is not given: the remote's default branch (origin/HEAD) as
// fetched in the same repository, never the checkout itself. No git command here reads the terminal.
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd: dir, maxBuffer: 1 << 26, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout;
  } catch {
    return undefined;
  }
}

/** Every reason the checkout at `repo` is not the reviewed head `headSha`; empty when it is. */
export async function checkoutProblems(repo: string, headSha: string): Promise<string[]> {
  const top = (await git(repo, 'rev-parse', '--show-toplevel'))?.trim();
  if (!top) return [`${repo} is not a git checkout: sign a clone of the pull request at head ${headSha}`];
  const [realTop, realRepo] = await Promise.all([realpath(top), realpath(repo)]);
  if (realTop !== realRepo) {
    return [`${repo} is a folder inside the git repository ${top}, not its root: sign a clone of the migration repository itself`];
  }
  const problems: string[] = [];
  const head = (await git(repo, 'rev-parse', '--verify', '-q', 'HEAD'))?.trim();
  if (head !== headSha) {
    problems.push(`the checkout is at ${head || 'no commit'} but the approvals record is for head ${headSha}: check out the pull request head`);
  }
  const status = await git(repo, 'status', '--porcelain', '--untracked-files=all');
  if (status === undefined) problems.push(`git status failed in ${repo}`);
  else if (status.trim() !== '') {
    const files = status.split('\n').filter(Boolean).map((l) => l.slice(3));
    problems.push(`the working tree has changes that are not in head ${headSha.slice(0, 12)} (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', ...' : ''}): sign a clean checkout`);
  }
  return problems;
}

/** The remote's default branch ref as fetched here (refs/remotes/origin/HEAD's target), or undefined. */
export async function remoteDefaultBranch(repo: string): Promise<string | undefined> {
  const ref = (await git(repo, 'symbolic-ref', '-q', 'refs/remotes/origin/HEAD'))?.trim();
  return ref || undefined;
}

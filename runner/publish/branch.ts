// Commits a set of files on a branch through the REST git data API (blobs, tree, commit, ref), the way a
// workflow does with its GITHUB_TOKEN. Idempotent: when the branch already holds exactly these files on
// top of its base, no commit is made; otherwise one commit on the branch's head (created from the base
// when the branch does not exist), fast-forward only.
import type { Octokit } from '@octokit/rest';
import { githubError } from './github.js';

export interface BranchCommit {
  readonly branch: string;
  readonly sha: string;
  /** false: the branch already held these files; nothing was written. */
  readonly changed: boolean;
}

interface Where {
  readonly owner: string;
  readonly repo: string;
}

async function headOf(octokit: Octokit, where: Where, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...where, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw githubError(`read branch ${branch}`, e);
  }
}

export async function commitFiles(octokit: Octokit, where: Where, opts: {
  branch: string; base: string; files: Readonly<Record<string, string>>; message: string;
}): Promise<BranchCommit> {
  const existing = await headOf(octokit, where, opts.branch);
  const parent = existing ?? await headOf(octokit, where, opts.base);
  if (!parent) throw githubError(`find base branch ${opts.base}`, new Error('no such branch'));
  try {
    const { data: parentCommit } = await octokit.rest.git.getCommit({ ...where, commit_sha: parent });
    const tree = [];
    for (const [path, content] of Object.entries(opts.files).sort(([a], [b]) => a.localeCompare(b))) {
      const { data: blob } = await octokit.rest.git.createBlob({ ...where, content: Buffer.from(content).toString('base64'), encoding: 'base64' });
      tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: blob.sha });
    }
    const { data: newTree } = await octokit.rest.git.createTree({ ...where, base_tree: parentCommit.tree.sha, tree });
    if (existing && newTree.sha === parentCommit.tree.sha) return { branch: opts.branch, sha: existing, changed: false };
    const { data: commit } = await octokit.rest.git.createCommit({ ...where, message: opts.message, tree: newTree.sha, parents: [parent] });
    if (existing) await octokit.rest.git.updateRef({ ...where, ref: `heads/${opts.branch}`, sha: commit.sha, force: false });
    else await octokit.rest.git.createRef({ ...where, ref: `refs/heads/${opts.branch}`, sha: commit.sha });
    return { branch: opts.branch, sha: commit.sha, changed: true };
  } catch (e) {
    throw githubError(`commit the evidence on ${opts.branch}`, e);
  }
}

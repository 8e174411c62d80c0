// Commits files onto a branch through the Git Data API (tree on the head's tree, commit, ref moved forward
// without force), as the app's installation: no clone, and a commit GitHub attributes to the app. A branch
// that moved since `parent` was read is not overwritten: the update fails and the caller says so.
import { CopilotError } from '../../core/errors.js';
import type { InstallationOctokit } from '../job.js';

type Where = { owner: string; repo: string };

export interface FileWrite {
  readonly path: string;
  /** The file's new text; null deletes it. */
  readonly text: string | null;
}

/** A new commit on `branch` whose parent is `parent`, adding or replacing `files`; returns its sha. */
/** A commit (not yet on any branch) with `parent`'s tree plus `files`. */
async function newCommit(gh: InstallationOctokit, where: Where, parent: string, files: readonly FileWrite[], message: string): Promise<{ sha: string }> {
  const baseTree = (await gh.rest.git.getCommit({ ...where, commit_sha: parent })).data.tree.sha;
  const tree = (await gh.rest.git.createTree({
    ...where, base_tree: baseTree, tree: files.map((f) => (f.text === null
      ? { path: f.path, mode: '100644' as const, type: 'blob' as const, sha: null }
      : { path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.text })),
  })).data;
  return (await gh.rest.git.createCommit({ ...where, message, tree: tree.sha, parents: [parent] })).data;
}

export async function commitFiles(gh: InstallationOctokit, where: Where, branch: string, parent: string, files: readonly FileWrite[], message: string): Promise<string> {
  const commit = await newCommit(gh, where, parent, files, message);
  try {
    await gh.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: false });
  } catch (e) {
    if ((e as { status?: unknown }).status === 422) {
      throw new CopilotError('PLAN_REFUSED', `branch ${branch} moved while the app was writing to it (it is no longer at ${parent.slice(0, 12)}); nothing was written`, {
        hint: 'run the command again on the new head',
      });
    }
    throw e;
  }
  return commit.sha;
}

/** Creates branch `branch` at a new commit on `parent` with `files`; returns its sha. An existing branch is left alone (null). */
export async function branchWithFiles(gh: InstallationOctokit, where: Where, branch: string, parent: string, files: readonly FileWrite[], message: string): Promise<string | null> {
  const commit = await newCommit(gh, where, parent, files, message);
  try {
    await gh.rest.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: commit.sha });
  } catch (e) {
    if ((e as { status?: unknown }).status === 422) return null;
    throw e;
  }
  return commit.sha;
}

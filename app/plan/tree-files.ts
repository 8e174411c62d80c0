// A migration repository at one commit, read through the REST API (one recursive tree, then the blobs the
// domain reads), as the RepoFiles port core/repo takes. Fetched eagerly because RepoFiles reads are
// synchronous; only the folders a MigrationContext looks at are fetched, and a tree too large for GitHub to
// list whole is refused rather than judged on part of it.
import { CopilotError } from '../../core/errors.js';
import type { RepoFiles } from '../../core/repo/index.js';
import type { GitHubPort } from '../github/port.js';

/** What core/repo reads: the project, rules, contracts, plans, discovery, records and CODEOWNERS. */
const READ = /^(project\.json|CODEOWNERS|\.migration\/|\.github\/CODEOWNERS$|docs\/CODEOWNERS$|contracts\/|plans\/|discovery\/|models\/|runs\/|reconciliation\/|evidence\/)/;
const MAX_FILES = 2000;

export interface TreeFiles extends RepoFiles {
  /** Every path the tree holds (read or not), sorted. */
  readonly paths: readonly string[];
  readonly commit: string;
}

export async function treeRepoFiles(gh: GitHubPort, where: { owner: string; repo: string }, commit: string): Promise<TreeFiles> {
  const tree = (await gh.rest.git.getTree({ ...where, tree_sha: commit, recursive: '1' })).data;
  if (tree.truncated) {
    throw new CopilotError('INPUT_INVALID', `${where.owner}/${where.repo} at ${commit.slice(0, 12)} has more files than GitHub lists in one tree; the app does not judge part of a repository`);
  }
  const blobs = tree.tree.filter((e) => e.type === 'blob' && e.path && e.sha && READ.test(e.path));
  if (blobs.length > MAX_FILES) {
    throw new CopilotError('INPUT_INVALID', `${where.owner}/${where.repo} at ${commit.slice(0, 12)} has ${blobs.length} files the app would read; at most ${MAX_FILES}`);
  }
  const bytes = new Map<string, Buffer>();
  await Promise.all(blobs.map(async (e) => {
    const blob = (await gh.rest.git.getBlob({ ...where, file_sha: e.sha! })).data;
    bytes.set(e.path!, Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8'));
  }));
  const paths = tree.tree.filter((e) => e.type === 'blob' && e.path).map((e) => e.path!).sort();
  const known = [...bytes.keys()].sort();
  return {
    commit,
    paths,
    read: (path) => bytes.get(path)?.toString('utf8'),
    readBytes: (path) => bytes.get(path),
    list: (prefix) => known.filter((p) => p.startsWith(prefix)),
  };
}

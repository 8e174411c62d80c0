// RepoFiles over a commit read through the GitHub API (the app has no clone): the commit's tree, read once
// recursively, and the blobs of every file a MigrationContext can read (the repository's artifact folders
// and fixed paths), fetched in parallel before the context is built, since RepoFiles reads synchronously.
// Only regular files count, as in the runner's git-tree RepoFiles: a symlink's blob is a path, not content.
import { CopilotError } from '../../core/errors.js';
import { buildMigrationContext, RECORD_DIRS, REPO_PATHS, type MigrationContext, type RepoFiles } from '../../core/repo/index.js';
import type { GitHubPort } from '../github/port.js';
import type { RepoJob } from '../job.js';

/** Folders and files a migration repository's context, its validators and its signed plan read. */
const PREFIXES: readonly string[] = [
  '.migration/', 'contracts/', 'models/', 'plans/', REPO_PATHS.discoveryDir, ...RECORD_DIRS, 'runbooks/',
];
const FILES: ReadonlySet<string> = new Set<string>([REPO_PATHS.project, ...REPO_PATHS.codeowners]);
/** A migration repository's files are small; a tree beyond these is refused rather than read half. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function wanted(path: string): boolean {
  return FILES.has(path) || PREFIXES.some((p) => path.startsWith(p));
}

export interface TreeSnapshot {
  readonly commit: string;
  readonly files: RepoFiles;
  /** Every regular file of the tree (read or not), for deciding whether this is a migration repository at all. */
  readonly paths: readonly string[];
}

export async function treeRepoFiles(port: GitHubPort, where: { owner: string; repo: string }, commit: string): Promise<TreeSnapshot> {
  const tree = (await port.rest.git.getTree({ ...where, tree_sha: commit, recursive: '1' })).data;
  if (tree.truncated) {
    throw new CopilotError('INPUT_INVALID', `the tree of ${where.owner}/${where.repo} at ${commit.slice(0, 12)} is too large for GitHub to list in one answer`, {
      hint: 'keep the migration repository to its artifacts; move large data out of it',
    });
  }
  const blobs = new Map<string, string>();
  const paths: string[] = [];
  for (const e of tree.tree) {
    if (e.type !== 'blob' || (e.mode !== '100644' && e.mode !== '100755') || !e.path || !e.sha) continue;
    paths.push(e.path);
    if (wanted(e.path)) blobs.set(e.path, e.sha);
  }
  if (blobs.size > MAX_FILES) {
    throw new CopilotError('INPUT_INVALID', `${where.owner}/${where.repo} at ${commit.slice(0, 12)} has ${blobs.size} files in its artifact folders; the app reads at most ${MAX_FILES}`);
  }
  const bytes = new Map<string, Buffer>();
  await Promise.all([...blobs].map(async ([path, sha]) => {
    const blob = (await port.rest.git.getBlob({ ...where, file_sha: sha })).data;
    const data = Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8');
    if (data.length > MAX_FILE_BYTES) {
      throw new CopilotError('INPUT_INVALID', `${path} at ${commit.slice(0, 12)} is ${data.length} bytes; the app reads artifacts up to ${MAX_FILE_BYTES} bytes`);
    }
    bytes.set(path, data);
  }));
  const sorted = [...bytes.keys()].sort();
  return {
    commit,
    paths: paths.sort(),
    files: {
      read: (path) => bytes.get(path)?.toString('utf8'),
      readBytes: (path) => bytes.get(path),
      list: (prefix) => sorted.filter((p) => p.startsWith(prefix)),
    },
  };
}

/** A repository's context at one commit of the job's repository, its files parsed through the process's memo (RepoJob.artifacts). */
export async function contextAt(job: RepoJob, commit: string): Promise<{ snapshot: TreeSnapshot; context: MigrationContext }> {
  const snapshot = await treeRepoFiles(job.port, { owner: job.owner, repo: job.repo }, commit);
  return { snapshot, context: buildMigrationContext(snapshot.files, { memo: job.artifacts }) };
}

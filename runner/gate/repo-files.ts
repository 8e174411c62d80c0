// RepoFiles over the git tree of a commit: what the runner's plan gate reads the migration repository
// through. The gate judges the files at the tagged commit and takes the trust policy from the default
// branch, never from the working tree. Only regular files count: a symlink's blob is its target's name,
// not content, so it is absent here as it is when it leads out of a directory checkout.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CopilotError } from '../../core/errors.js';
import { decodeRepoText, type RepoFiles } from '../../core/repo/index.js';

const execFileAsync = promisify(execFile);
const MAX_BUFFER = 1 << 30;

function failure(what: string, e: unknown): CopilotError {
  const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
  return new CopilotError('IO_FAILED', `git ${what} failed: ${stderr || (e as Error).message}`, { cause: e });
}

/** The files of `rev` (a commit, tag or ref) in the repository at repoDir; blobs are read when asked for. */
export async function gitTreeRepoFiles(repoDir: string, rev: string): Promise<RepoFiles> {
  if (rev.startsWith('-')) throw new CopilotError('INTERNAL', `not a git revision: ${rev}`);
  let listing: string;
  try {
    listing = (await execFileAsync('git', ['ls-tree', '-r', '-z', '--full-tree', rev], { cwd: repoDir, maxBuffer: MAX_BUFFER })).stdout;
  } catch (e) {
    throw failure(`ls-tree ${rev}`, e);
  }
  const blobs = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    const m = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (m) blobs.set(m[3]!, m[2]!);
  }
  const paths = [...blobs.keys()].sort();
  const cache = new Map<string, Buffer>();

  const readBytes = (path: string): Buffer | undefined => {
    const oid = blobs.get(path);
    if (oid === undefined) return undefined;
    let bytes = cache.get(oid);
    if (!bytes) {
      try {
        bytes = execFileSync('git', ['cat-file', 'blob', oid], { cwd: repoDir, maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        throw failure(`cat-file ${path} at ${rev}`, e);
      }
      cache.set(oid, bytes);
    }
    return bytes;
  };

  return {
    read: (path) => {
      const bytes = readBytes(path);
      return bytes === undefined ? undefined : decodeRepoText(bytes, path);
    },
    readBytes,
    list: (prefix) => paths.filter((p) => p.startsWith(prefix)),
  };
}

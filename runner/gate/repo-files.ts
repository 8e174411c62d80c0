// RepoFiles over the git tree of a commit: what the runner's plan gate reads the migration repository
// through. The gate judges the files at the tagged commit and takes the trust policy from the default
// branch, never from the working tree. Only regular files count: a symlink's blob is its target's name,
// not content, so it is absent here as it is when it leads out of a directory checkout. The blobs up to
// PREFETCH_BYTES each (the plan, contracts, policies: what the gate reads) come in one `git cat-file --batch`
// when the tree is listed; a bigger one (an artifact) is read when asked for. One git process per file cost
// the runner over a second before its first step.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { CopilotError } from '../../core/errors.js';
import { decodeRepoText, type RepoFiles } from '../../core/repo/index.js';

const execFileAsync = promisify(execFile);
const MAX_BUFFER = 1 << 30;
const PREFETCH_BYTES = 1 << 20;

/** The contents of `oids` (blobs) from one `git cat-file --batch`, by oid. */
function catFileBatch(repoDir: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(Object.assign(new Error(`exit ${code}`), { stderr }));
      // Each object: "<oid> <type> <size>\n<content>\n" (a missing one: "<name> missing\n").
      const all = Buffer.concat(out);
      const blobs = new Map<string, Buffer>();
      let at = 0;
      while (at < all.length) {
        const eol = all.indexOf(10, at);
        const header = all.subarray(at, eol).toString('latin1').split(' ');
        at = eol + 1;
        if (header.length !== 3) continue;
        const size = Number(header[2]);
        blobs.set(header[0]!, all.subarray(at, at + size));
        at += size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(oids.map((o) => `${o}\n`).join(''));
  });
}

function failure(what: string, e: unknown): CopilotError {
  const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
  return new CopilotError('IO_FAILED', `git ${what} failed: ${stderr || (e as Error).message}`, { cause: e });
}

/** The files of `rev` (a commit, tag or ref) in the repository at repoDir; blobs are read when asked for. */
export async function gitTreeRepoFiles(repoDir: string, rev: string): Promise<RepoFiles> {
  if (rev.startsWith('-')) throw new CopilotError('INTERNAL', `not a git revision: ${rev}`);
  let listing: string;
  try {
    listing = (await execFileAsync('git', ['ls-tree', '-r', '-z', '-l', '--full-tree', rev], { cwd: repoDir, maxBuffer: MAX_BUFFER })).stdout;
  } catch (e) {
    throw failure(`ls-tree ${rev}`, e);
  }
  const blobs = new Map<string, string>();
  const small = new Set<string>();
  for (const entry of listing.split('\0')) {
    const m = /^(100644|100755) blob ([0-9a-f]+) +(\d+)\t(.+)$/s.exec(entry);
    if (!m) continue;
    blobs.set(m[4]!, m[2]!);
    if (Number(m[3]) <= PREFETCH_BYTES) small.add(m[2]!);
  }
  const paths = [...blobs.keys()].sort();
  let cache: Map<string, Buffer>;
  try {
    cache = small.size > 0 ? await catFileBatch(repoDir, [...small]) : new Map();
  } catch (e) {
    throw failure(`cat-file --batch at ${rev}`, e);
  }

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

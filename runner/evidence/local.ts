// The evidence pack on a machine, for `migration-copilot evidence` and `verify --evidence`: reading a pack's
// folder (every regular file; a symlink is refused, never followed), writing one into a repository (replacing
// the folder whole, never outside the repository), the audit chain of a repository's migration-audit branch,
// and the trust policy of its default branch (origin/HEAD's tree when the clone has one, else the working
// tree). No git command here reads the terminal.
import { execFile } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { parseAuditJsonl } from '../../core/audit/parse.js';
import type { AuditEntry } from '../../core/audit/entry.js';
import { CopilotError } from '../../core/errors.js';
import type { PackFile } from '../../core/evidence/index.js';
import { buildMigrationContext, REPO_PATHS, type RepoFiles } from '../../core/repo/index.js';
import { trustPolicyFromConfig, type TrustPolicy } from '../../core/signing/index.js';
import { gitTreeRepoFiles } from '../gate/repo-files.js';

const run = promisify(execFile);
export const AUDIT_BRANCH = 'migration-audit';
const AUDIT_FILE = 'audit.jsonl';

async function git(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    return (await run('git', args, { cwd: dir, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout.trim();
  } catch {
    return undefined;
  }
}

function ioError(what: string, e: unknown): CopilotError {
  return new CopilotError('IO_FAILED', `${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
}

/** Every file under `dir` by relative path ("/" separators). */
export async function readPackDir(dir: string): Promise<Map<string, Buffer>> {
  try {
    if (!(await lstat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CopilotError('FILE_NOT_FOUND', `evidence folder ${dir} does not exist or is not a folder`, { hint: 'pass --evidence with an evidence/v<N> folder' });
    }
    throw ioError(`cannot read ${dir}`, e);
  }
  const out = new Map<string, Buffer>();
  const walk = async (abs: string): Promise<void> => {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const child = join(abs, entry.name);
      const rel = relative(dir, child).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        throw new CopilotError('INPUT_INVALID', `${rel} in the evidence folder is a symlink; a pack holds files only`, { hint: 'replace the symlink by the file it names, or compose the pack again' });
      }
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) out.set(rel, await readFile(child));
    }
  };
  try {
    await walk(dir);
  } catch (e) {
    if (e instanceof CopilotError) throw e;
    throw ioError(`cannot read the evidence folder ${dir}`, e);
  }
  return out;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes the pack as `relDir` (evidence/v<N>) of the repository, replacing what was there: the files go to a
 * fresh folder beside it, which then takes its place, so a reader never sees half a pack.
 */
export async function writePackDir(repo: string, relDir: string, files: readonly PackFile[]): Promise<string> {
  const root = await realpath(repo);
  const target = join(root, ...relDir.split('/'));
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  if (!inside(root, await realpath(parent))) {
    throw new CopilotError('INPUT_INVALID', `${dirname(relDir)} leads outside the repository; nothing was written`, { hint: `remove the symlink ${dirname(relDir)}` });
  }
  const fresh = `${target}.new-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  try {
    await rm(fresh, { recursive: true, force: true });
    for (const f of files) {
      const path = join(fresh, ...f.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.bytes, { flag: 'wx' });
    }
    const had = await lstat(target).then(() => true, () => false);
    if (had) await rename(target, old);
    await rename(fresh, target);
    if (had) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(fresh, { recursive: true, force: true });
    throw ioError(`cannot write ${relDir} in ${repo}`, e);
  }
  return target;
}

/** The chain on branch migration-audit (local, else origin's), and where it came from; empty when neither exists. */
export async function auditChainOfRepo(repo: string): Promise<{ entries: readonly AuditEntry[]; source: string | undefined }> {
  for (const ref of [`refs/heads/${AUDIT_BRANCH}`, `refs/remotes/origin/${AUDIT_BRANCH}`]) {
    if ((await git(repo, 'rev-parse', '--verify', '-q', ref)) === undefined) continue;
    const text = (await gitTreeRepoFiles(repo, ref)).read(AUDIT_FILE);
    if (text === undefined) {
      throw new CopilotError('AUDIT_CHAIN_BROKEN', `${ref} has no ${AUDIT_FILE}`, { hint: `restore ${AUDIT_FILE} on ${AUDIT_BRANCH} from its last good commit` });
    }
    const parsed = parseAuditJsonl(text, `${ref}:${AUDIT_FILE}`);
    const f = parsed.findings[0];
    if (f) throw new CopilotError('AUDIT_CHAIN_BROKEN', `${f.path}:${f.line}: ${f.message}`, { hint: `restore ${AUDIT_FILE} on ${AUDIT_BRANCH} from its last good commit` });
    return { entries: parsed.entries, source: `${ref}:${AUDIT_FILE}` };
  }
  return { entries: [], source: undefined };
}

/** The default branch's files: origin/HEAD's tree when the clone knows it, else the working tree given. */
export async function defaultBranchFiles(repo: string, working: RepoFiles): Promise<{ files: RepoFiles; label: string }> {
  const ref = await git(repo, 'symbolic-ref', '-q', 'refs/remotes/origin/HEAD');
  if (ref) return { files: await gitTreeRepoFiles(repo, ref), label: ref.replace('refs/remotes/', '') };
  return { files: working, label: 'the working tree' };
}

/** signers of .migration/config.yml on the default branch, as a trust policy. */
export function trustOf(files: RepoFiles, label: string, trustedRoot?: unknown): TrustPolicy {
  const config = buildMigrationContext(files).config;
  if (!config?.value) {
    const f = config?.findings[0];
    throw new CopilotError(config ? 'SCHEMA_INVALID' : 'FILE_NOT_FOUND', `${REPO_PATHS.config} (${label}) ${f ? `is not valid: ${f.path}:${f.line}: ${f.message}` : 'not found'}`, {
      hint: 'the trusted signers come from .migration/config.yml on the default branch',
    });
  }
  return trustPolicyFromConfig(config.value, trustedRoot);
}

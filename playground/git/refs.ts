// References of a bare repository, as loose ref files (pushes write them the same way; packed-refs is
// read as a fallback). Updates take git's own lock file, so they serialise with concurrent pushes.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

function packedRefs(dir: string): Map<string, string> {
  const refs = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(dir, 'packed-refs'), 'utf8');
  } catch {
    return refs;
  }
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{40}) (refs\/\S+)$/.exec(line);
    if (m) refs.set(m[2]!, m[1]!);
  }
  return refs;
}

export function readRef(dir: string, ref: string): string | undefined {
  try {
    const value = readFileSync(join(dir, ref), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(value)) return value;
  } catch {
    // not a loose ref
  }
  return packedRefs(dir).get(ref);
}

function walk(dir: string, prefix: string, out: Map<string, string>): void {
  let names: string[];
  try {
    names = readdirSync(join(dir, prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const ref = `${prefix}/${name}`;
    if (name.endsWith('.lock')) continue;
    const full = join(dir, ref);
    try {
      const value = readFileSync(full, 'utf8').trim();
      if (/^[0-9a-f]{40}$/.test(value)) out.set(ref, value);
    } catch {
      walk(dir, ref, out);
    }
  }
}

/** Every ref under refs/, sorted by name. */
export function listRefs(dir: string): Map<string, string> {
  const out = packedRefs(dir);
  walk(dir, 'refs', out);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class RefConflict extends Error {}

/**
 * Sets `ref` to `sha` (or deletes it when sha is ZERO_SHA) if it currently equals `expected`
 * (undefined: any value). Throws RefConflict when it does not or when the ref is locked.
 */
export function updateRef(dir: string, ref: string, sha: string, expected?: string): void {
  const path = join(dir, ref);
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  const lock = `${path}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    throw new RefConflict(`${ref} is being updated`);
  }
  try {
    const current = readRef(dir, ref) ?? ZERO_SHA;
    if (expected !== undefined && current !== expected) throw new RefConflict(`${ref} is at ${current}, not ${expected}`);
    if (sha === ZERO_SHA) {
      closeSync(fd);
      rmSync(path, { force: true });
      rmSync(lock, { force: true });
      if (packedRefs(dir).has(ref)) throw new RefConflict(`${ref} is packed; cannot delete`);
      return;
    }
    writeSync(fd, `${sha}\n`);
    closeSync(fd);
    renameSync(lock, path);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    if (existsSync(lock)) rmSync(lock, { force: true });
    throw e;
  }
}

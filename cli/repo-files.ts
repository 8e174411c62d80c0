// RepoFiles over a directory on disk: what `validate`, `sign` and `verify --repo DIR` read. Paths stay
// inside the directory (no "..", no absolute paths, no symlink out of it); a missing file is undefined, any
// other read failure is a system error (exit 3), never mistaken for "absent".
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CopilotError } from '../core/errors.js';
import type { RepoFiles } from '../core/repo/files.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function directoryRepoFiles(dir: string): RepoFiles {
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new CopilotError('FILE_NOT_FOUND', `repository directory ${dir} does not exist or is not a directory`, {
      cause: e, hint: 'pass --repo DIR pointing at a migration repository (the folder holding project.json)',
    });
  }

  const resolve = (path: string): string | undefined => {
    if (isAbsolute(path) || path.split('/').includes('..')) return undefined;
    const full = join(root, ...path.split('/'));
    let real: string;
    try {
      real = realpathSync(full);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw new CopilotError('IO_FAILED', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
    return inside(root, real) ? real : undefined;
  };

  const readBytes = (path: string): Buffer | undefined => {
    const real = resolve(path);
    if (!real) return undefined;
    try {
      if (!statSync(real).isFile()) return undefined;
      return readFileSync(real);
    } catch (e) {
      throw new CopilotError('IO_FAILED', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
  };

  return {
    read: (path) => readBytes(path)?.toString('utf8'),
    readBytes,
    list(prefix) {
      const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/$/, '');
      const start = base === '' ? root : resolve(base);
      if (!start) return [];
      const out: string[] = [];
      const walk = (abs: string) => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' || (e as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw new CopilotError('IO_FAILED', `cannot list ${relative(root, abs) || '.'}: ${(e as Error).message}`, { cause: e });
        }
        for (const entry of entries) {
          if (entry.name === '.git') continue;
          const child = join(abs, entry.name);
          if (entry.isDirectory()) walk(child);
          else if (entry.isFile()) out.push(relative(root, child).split(sep).join('/'));
        }
      };
      walk(start);
      return out.filter((p) => p.startsWith(prefix)).sort();
    },
  };
}

// RepoFiles over a directory on disk: what `validate`, `sign` and `verify --repo DIR` read. Paths stay
// inside the directory (no "..", no absolute paths): a symlink out of it is bad input naming the file, never
// read and never mistaken for "absent"; a missing file is undefined, any other read failure is a system error
// (exit 3); text that is not UTF-8 is bad input naming the byte offset.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CopilotError } from '../core/errors.js';
import { decodeRepoText, type RepoFiles } from '../core/repo/files.js';

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
    if (!inside(root, real)) {
      throw new CopilotError('INPUT_INVALID', `${path} leads outside the repository (a symlink to ${real}); it is not read`, {
        hint: `replace the symlink ${path} with the file itself`,
      });
    }
    return real;
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
    read: (path) => {
      const bytes = readBytes(path);
      return bytes === undefined ? undefined : decodeRepoText(bytes, path);
    },
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

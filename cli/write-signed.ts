// Writes a signing's files into the repository: both or neither, never over an existing file (exclusive
// create, through hard links of fully written temp files), and never outside the repository (the real path
// of plans/signed must be inside the repository's real path: a symlink out of it is refused). The readable
// copy is linked last, so a crash between the two leaves at most a bundle without it, which nothing accepts.
import { randomBytes } from 'node:crypto';
import { link, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { CopilotError } from '../core/errors.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export async function writeSignedFiles(repo: string, files: readonly { readonly path: string; readonly text: string }[]): Promise<void> {
  const root = await realpath(repo);
  const dirs = [...new Set(files.map((f) => dirname(f.path)))];
  for (const dir of dirs) {
    try {
      await mkdir(join(root, dir), { recursive: true });
    } catch (e) {
      throw new CopilotError('IO_FAILED', `cannot create ${dir} in ${repo}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
    }
    const real = await realpath(join(root, dir));
    if (!inside(root, real)) {
      throw new CopilotError('INPUT_INVALID', `${dir} leads outside the repository (to ${real}); nothing was written`, {
        hint: `remove the symlink ${dir} and sign again`,
      });
    }
  }
  const tag = randomBytes(6).toString('hex');
  const staged = await Promise.all(files.map(async (f) => {
    const dir = await realpath(join(root, dirname(f.path)));
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    return { ...f, tmp: join(dir, `.${name}.${tag}.tmp`), final: join(dir, name) };
  }));
  const linked: string[] = [];
  try {
    for (const f of staged) await writeFile(f.tmp, f.text, { flag: 'wx' });
    for (const f of staged) {
      await link(f.tmp, f.final);
      linked.push(f.final);
    }
  } catch (e) {
    await Promise.all(linked.map((p) => rm(p, { force: true })));
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CopilotError('IO_FAILED', `cannot write the signed plan into ${dirs.join(', ')}: ${code === 'EEXIST' ? 'a file of that name already exists (nothing is ever overwritten)' : code}; nothing was written`, { cause: e });
  } finally {
    await Promise.all(staged.map((f) => rm(f.tmp, { force: true })));
  }
}

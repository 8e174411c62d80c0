// Writes a set of files into a folder, all or none: every file goes to a temporary name first and is
// renamed only when all were written, so a reader never sees half an artifact set.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CopilotError } from '../../core/errors.js';

export interface OutputFile {
  /** Relative to the folder; never leaves it. */
  readonly path: string;
  readonly content: string;
}

export async function writeFilesAtomic(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  const root = resolve(dir);
  const targets = files.map((f) => {
    const target = resolve(root, f.path);
    const rel = relative(root, target);
    if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) {
      throw new CopilotError('INTERNAL', `output path ${f.path} leaves ${dir}`);
    }
    return target;
  });
  const temps: string[] = [];
  try {
    for (const [i, f] of files.entries()) {
      await mkdir(dirname(targets[i]!), { recursive: true });
      const tmp = join(dirname(targets[i]!), `.${process.pid}.${i}.tmp`);
      temps.push(tmp);
      await writeFile(tmp, f.content, 'utf8');
    }
    for (const [i, tmp] of temps.entries()) await rename(tmp, targets[i]!);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CopilotError('IO_FAILED', `cannot write into ${dir} (${code})`, { cause: e, hint: 'check that the folder is writable' });
  }
  return targets;
}

/** JSON as the project writes artifacts: two-space indent, a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

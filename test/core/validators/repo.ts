// A small in-memory migration repository for validator tests: the demo's files, edited per case.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildMigrationContext, memoryRepoFiles, type MigrationContext } from '../../../core/repo/index.js';

const demoDir = join(import.meta.dirname, '..', '..', '..', 'examples', 'demo-migration');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export const DEMO: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(
  walk(demoDir).map((f) => [relative(demoDir, f).split(sep).join('/'), readFileSync(f, 'utf8')]),
));

/** [path, search, replacement] edits; a search that is not found fails the test (so every case bites). */
export type Edit = readonly [path: string, search: string | RegExp, replacement: string];

export function repoWith(edits: readonly Edit[] = [], extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const files: Record<string, string> = { ...DEMO };
  for (const [path, search, replacement] of edits) {
    const before = files[path];
    if (before === undefined) throw new Error(`edit of missing file ${path}`);
    const after = before.replace(search, replacement);
    if (after === before) throw new Error(`edit did not apply to ${path}: ${String(search)}`);
    files[path] = after;
  }
  for (const [path, text] of Object.entries(extra)) {
    if (text === undefined) delete files[path];
    else files[path] = text;
  }
  return files;
}

export function contextWith(edits: readonly Edit[] = [], extra: Readonly<Record<string, string | undefined>> = {}): MigrationContext {
  return buildMigrationContext(memoryRepoFiles(repoWith(edits, extra)));
}

/** The 1-based line of the first line containing `marker` ("text#N": the N-th; "=text": a line equal to text). */
export function lineOfText(files: Record<string, string>, path: string, marker: string): number {
  const m = /^(.*)#(\d+)$/s.exec(marker);
  const [text, nth] = m ? [m[1]!, Number(m[2])] : [marker, 1];
  const exact = text.startsWith('=');
  const hits = files[path]!.split('\n').flatMap((l, i) => ((exact ? l === text.slice(1) : l.includes(text)) ? [i + 1] : []));
  const line = hits[nth - 1];
  if (line === undefined) throw new Error(`marker ${marker} not in ${path}`);
  return line;
}

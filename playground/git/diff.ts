// Unified diffs as GitHub shows them, from git itself: the three-dot diff of a pull request (merge base to
// head) for the diff media type and each file's `patch`, `git format-patch` output for the patch media type,
// and the lines of a file's diff a review comment may be placed on. Cached: git data never changes. A diff
// depends on the two commits' trees alone, so it is cached by the pair of trees, across repositories (a fork,
// or repositories made from one template, show the same diff); a format-patch by the pair of commits.
import { execFileSync } from 'node:child_process';
import { parseCommit, readObject } from './objects.js';

const cache = new Map<string, string>();

/** The tree of a commit (read in-process), or the sha as it is when it is not a commit read here. */
function treeOf(dir: string, sha: string): string {
  const o = readObject(dir, sha);
  return o?.type === 'commit' ? parseCommit(o.content).tree : sha;
}

function git(dir: string, args: string[], shared = false): string {
  const key = `${shared ? '' : dir}\u0000${args.join('\u0000')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = execFileSync('git', ['--git-dir', dir, ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
  });
  if (cache.size > 2000) cache.clear();
  cache.set(key, out);
  return out;
}

/** The whole unified diff from `base` to `head` (both commits). */
export function unifiedDiff(dir: string, base: string, head: string): string {
  const [a, b] = [treeOf(dir, base), treeOf(dir, head)];
  // Shared across repositories only when both are trees: their content is their name.
  return git(dir, ['diff', '--no-color', '--no-renames', '--full-index', a, b], a !== base && b !== head);
}

/** `git format-patch` of the commits from base to head, as GitHub's patch media type. */
export function formatPatch(dir: string, base: string, head: string): string {
  return git(dir, ['format-patch', '--stdout', '--no-signature', `${base}..${head}`]);
}

/** Each file's hunks (what GitHub returns as `patch`), by path. */
export function filePatches(dir: string, base: string, head: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = unifiedDiff(dir, base, head);
  for (const part of text.split(/^diff --git /m).slice(1)) {
    const header = /^a\/(.*?) b\/(.*)$/m.exec(part);
    const at = part.search(/^@@/m);
    if (!header || at < 0) continue;
    const minus = /^--- (?:a\/(.*)|\/dev\/null)$/m.exec(part);
    const plus = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/m.exec(part);
    const path = plus?.[1] ?? minus?.[1] ?? header[2]!;
    out.set(path, part.slice(at).replace(/\n$/, ''));
  }
  return out;
}

export interface DiffLine {
  /** The line's number in the old (LEFT) or new (RIGHT) file. */
  readonly side: 'LEFT' | 'RIGHT';
  readonly line: number;
  /** The position in the patch: 1 for the line after the first @@ header, counting every later line (GitHub's `position`). */
  readonly position: number;
  /** The hunk up to and including this line, GitHub's `diff_hunk`. */
  readonly hunk: string;
}

/** Every line of a file's patch a comment can be placed on; context lines are on both sides. */
export function commentableLines(patch: string): DiffLine[] {
  const lines = patch.split('\n');
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let hunkStart = 0;
  lines.forEach((text, i) => {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      hunkStart = i;
      return;
    }
    const hunk = lines.slice(hunkStart, i + 1).join('\n');
    if (text.startsWith('+')) out.push({ side: 'RIGHT', line: newLine++, position: i, hunk });
    else if (text.startsWith('-')) out.push({ side: 'LEFT', line: oldLine++, position: i, hunk });
    else if (!text.startsWith('\\')) {
      out.push({ side: 'RIGHT', line: newLine, position: i, hunk }, { side: 'LEFT', line: oldLine, position: i, hunk });
      oldLine += 1;
      newLine += 1;
    }
  });
  return out;
}

// Commit-graph questions the API asks: ancestry, merge bases, the commits of a range, changed files.
import { execFileSync } from 'node:child_process';
import { parseCommit, readObject, type Commit } from './objects.js';
import { flattenTree, type FileEntry } from './tree.js';

export function readCommit(dir: string, sha: string): Commit | undefined {
  const obj = readObject(dir, sha);
  return obj && obj.type === 'commit' ? parseCommit(obj.content) : undefined;
}

/** Every commit reachable from `sha` (inclusive), breadth first. */
export function ancestors(dir: string, sha: string, limit = 100_000): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0 && seen.size < limit) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    const commit = readCommit(dir, next);
    if (!commit) continue;
    seen.add(next);
    queue.push(...commit.parents);
  }
  return seen;
}

export function isAncestor(dir: string, maybeAncestor: string, of: string): boolean {
  return ancestors(dir, of).has(maybeAncestor);
}

/** A best common ancestor: the first commit reachable from `b` (breadth first) that `a` also reaches. */
export function mergeBase(dir: string, a: string, b: string): string | undefined {
  const fromA = ancestors(dir, a);
  const seen = new Set<string>();
  const queue = [b];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (fromA.has(next)) return next;
    const commit = readCommit(dir, next);
    if (commit) queue.push(...commit.parents);
  }
  return undefined;
}

/** Commits reachable from `head` but not from `base`, oldest first (as GitHub lists a PR's commits). */
export function commitsBetween(dir: string, base: string, head: string): string[] {
  const exclude = ancestors(dir, base);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (sha: string) => {
    const stack = [sha];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s) || exclude.has(s)) continue;
      seen.add(s);
      out.push(s);
      const c = readCommit(dir, s);
      if (c) stack.push(...c.parents);
    }
  };
  visit(head);
  const time = (s: string) => readCommit(dir, s)?.committer.time ?? 0;
  return out.reverse().sort((x, y) => time(x) - time(y));
}

export interface FileChange {
  readonly filename: string;
  readonly status: 'added' | 'removed' | 'modified';
  readonly sha: string;
  readonly before?: FileEntry;
  readonly after?: FileEntry;
}

export function diffTrees(dir: string, baseTree: string | undefined, headTree: string): FileChange[] {
  const before = baseTree ? flattenTree(dir, baseTree) : new Map<string, FileEntry>();
  const after = flattenTree(dir, headTree);
  const changes: FileChange[] = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) changes.push({ filename: path, status: 'added', sha: entry.sha, after: entry });
    else if (old.sha !== entry.sha || old.mode !== entry.mode) {
      changes.push({ filename: path, status: 'modified', sha: entry.sha, before: old, after: entry });
    }
  }
  for (const [path, entry] of before) {
    if (!after.has(path)) changes.push({ filename: path, status: 'removed', sha: entry.sha, before: entry });
  }
  return changes.sort((a, b) => (a.filename < b.filename ? -1 : 1));
}

/** Line counts of a change: lines only in the new text are additions, only in the old are deletions. */
export function lineStats(oldText: string, newText: string): { additions: number; deletions: number } {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text === '' ? [] : text.replace(/\n$/, '').split('\n')) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const a = count(oldText);
  const b = count(newText);
  let additions = 0;
  let deletions = 0;
  for (const [line, n] of b) additions += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) deletions += Math.max(0, n - (b.get(line) ?? 0));
  return { additions, deletions };
}

/**
 * Git's own merge of two commits (`git merge-tree --write-tree`, which writes the merged tree's objects):
 * the same line-level merge GitHub computes. Used only when both sides changed a path, so most pull
 * requests need no git process.
 */
export function gitMerge(dir: string, ours: string, theirs: string): { tree: string; conflicts: string[] } {
  try {
    const out = execFileSync('git', ['--git-dir', dir, 'merge-tree', '--write-tree', '--name-only', ours, theirs],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
    return { tree: out.split('\n')[0]!.trim(), conflicts: [] };
  } catch (e) {
    const out = String((e as { stdout?: string }).stdout ?? '');
    const [, ...rest] = out.split('\n');
    const names = rest.slice(0, Math.max(0, rest.indexOf(''))).filter(Boolean);
    return { tree: '', conflicts: names.length > 0 ? names : ['(merge failed)'] };
  }
}

/**
 * A tree-level three-way merge: a path changed on one side only takes that side; changed identically on
 * both is fine; changed differently on both is a conflict (the playground does not merge file contents).
 */
export function mergeTrees(dir: string, baseTree: string | undefined, ours: string, theirs: string):
  { files: Map<string, FileEntry>; conflicts: string[] } {
  const base = baseTree ? flattenTree(dir, baseTree) : new Map<string, FileEntry>();
  const o = flattenTree(dir, ours);
  const t = flattenTree(dir, theirs);
  const files = new Map<string, FileEntry>();
  const conflicts: string[] = [];
  const same = (x?: FileEntry, y?: FileEntry) => x?.sha === y?.sha && x?.mode === y?.mode;
  for (const path of new Set([...base.keys(), ...o.keys(), ...t.keys()])) {
    const b = base.get(path);
    const x = o.get(path);
    const y = t.get(path);
    let pick: FileEntry | undefined;
    if (same(x, y)) pick = x;
    else if (same(b, x)) pick = y;
    else if (same(b, y)) pick = x;
    else {
      conflicts.push(path);
      continue;
    }
    if (pick) files.set(path, pick);
  }
  return { files, conflicts: conflicts.sort() };
}

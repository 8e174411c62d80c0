// CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS on the
// given branch (the base branch of a pull request); gitignore-style patterns; the last matching line wins.
import { readCommit } from '../git/history.js';
import { readObject } from '../git/objects.js';
import { readRef } from '../git/refs.js';
import { entryAt } from '../git/tree.js';
import type { Repo } from './types.js';

export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  readonly pattern: string;
  readonly owners: string[];
  readonly regex: RegExp;
}

export function readCodeowners(repo: Repo, branch: string): { path: string; text: string } | null {
  const head = readRef(repo.dir, `refs/heads/${branch}`);
  const tree = head ? readCommit(repo.dir, head)?.tree : undefined;
  if (!tree) return null;
  for (const path of CODEOWNERS_PATHS) {
    const entry = entryAt(repo.dir, tree, path);
    if (entry && entry.mode !== '40000') return { path, text: readObject(repo.dir, entry.sha)?.content.toString('utf8') ?? '' };
  }
  return null;
}

function toRegex(pattern: string): RegExp {
  const anchored = pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  let re = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (ch === '*' && body[i + 1] === '*') {
      re += '.*';
      i += 1;
      if (body[i + 1] === '/') i += 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  return new RegExp(`${prefix}${re}${dirOnly ? '/.*' : '(?:/.*)?'}$`);
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern === '*') rules.push({ pattern, owners, regex: /^.*$/ });
    else rules.push({ pattern: pattern!, owners, regex: toRegex(pattern!) });
  }
  return rules;
}

/** The owners of `path` (e.g. ["@alice", "@acme/data-leads"]): the last matching rule's, or []. */
export function ownersOf(rules: CodeownersRule[], path: string): string[] {
  let owners: string[] = [];
  for (const rule of rules) if (rule.regex.test(path)) owners = rule.owners;
  return owners;
}

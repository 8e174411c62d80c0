// CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS on the
// given branch (the base branch of a pull request); gitignore-style patterns; the last matching line wins.
import { readCommit } from '../git/history.js';
import { readObject } from '../git/objects.js';
import { readRef } from '../git/refs.js';
import { entryAt } from '../git/tree.js';
import { compareCommits } from '../api/pull-stats.js';
import type { Sim } from '../sim.js';
import type { Pull, Repo } from './types.js';

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

/** Review requests GitHub makes from CODEOWNERS of the base branch, for the files the PR changes (never its author). */
export function codeownerRequests(repo: Repo, pull: Pull): { users: string[]; teams: string[] } {
  const file = readCodeowners(repo, pull.base.ref);
  if (!file) return { users: [], teams: [] };
  const rules = parseCodeowners(file.text);
  const owners = new Set<string>();
  for (const f of compareCommits(repo, pull.base.sha, pull.head.sha).files) for (const o of ownersOf(rules, f.filename)) owners.add(o);
  const users = [...owners].filter((o) => o.startsWith('@') && !o.includes('/')).map((o) => o.slice(1))
    .filter((u) => u.toLowerCase() !== pull.user.toLowerCase());
  const teams = [...owners].filter((o) => o.startsWith('@') && o.includes('/')).map((o) => o.split('/')[1]!);
  return { users, teams };
}

/** The people whose review counts as a code owner's for a pull request: owners named, and members of owning teams. */
export function codeOwnersOf(sim: Sim, repo: Repo, pull: Pull): string[] {
  const { users, teams } = codeownerRequests(repo, pull);
  const members = teams.flatMap((t) => [...(sim.store.team(repo.owner, t)?.members.keys() ?? [])]);
  return [...new Set([...users, ...members].map((l) => l.toLowerCase()))].filter((l) => l !== pull.user.toLowerCase());
}

// Reads a repository's workflow files (.github/workflows/*.yml at a commit) and decides which ones an
// event triggers, with GitHub's filter patterns (* within a path segment, ** across segments).
import { parse } from 'yaml';
import { readCommit } from '../git/history.js';
import { parseTree, readObject } from '../git/objects.js';
import { entryAt } from '../git/tree.js';
import type { Repo } from '../state/types.js';

export interface WorkflowFile {
  readonly path: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a workflow file's `on:` is free-form YAML
  readonly on: any;
  /** The whole parsed file (jobs, env), for running it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form YAML, read by the executor
  readonly doc?: Record<string, any>;
}

export function readWorkflows(repo: Repo, commit: string): WorkflowFile[] {
  const c = readCommit(repo.dir, commit);
  const dir = c ? entryAt(repo.dir, c.tree, '.github/workflows') : undefined;
  if (!dir || dir.mode !== '40000') return [];
  const out: WorkflowFile[] = [];
  for (const e of parseTree(readObject(repo.dir, dir.sha)!.content)) {
    if (!/\.ya?ml$/.test(e.name)) continue;
    try {
      const doc = parse(readObject(repo.dir, e.sha)!.content.toString('utf8')) ?? {};
      out.push({ path: `.github/workflows/${e.name}`, name: String(doc.name ?? `.github/workflows/${e.name}`), on: doc.on ?? doc[true as unknown as string] ?? {}, doc });
    } catch {
      // GitHub reports a broken workflow file on the run page and starts nothing
    }
  }
  return out;
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i += 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matchesAny(patterns: unknown, name: string): boolean {
  const list = Array.isArray(patterns) ? patterns.map(String) : typeof patterns === 'string' ? [patterns] : [];
  let hit = false;
  for (const p of list) {
    if (p.startsWith('!')) {
      if (globToRegex(p.slice(1)).test(name)) hit = false;
    } else if (globToRegex(p).test(name)) hit = true;
  }
  return hit;
}

function trigger(on: unknown, event: string): Record<string, unknown> | null | undefined {
  if (on === event) return null;
  if (Array.isArray(on)) return on.includes(event) ? null : undefined;
  if (on && typeof on === 'object' && event in on) return ((on as Record<string, unknown>)[event] ?? null) as Record<string, unknown> | null;
  return undefined;
}

/** Whether a push of `ref` triggers the workflow (branches/tags filters as GitHub applies them). */
export function pushTriggers(wf: WorkflowFile, ref: string): boolean {
  const t = trigger(wf.on, 'push');
  if (t === undefined) return false;
  const isTag = ref.startsWith('refs/tags/');
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  const filters = t ?? {};
  const branches = filters.branches;
  const tags = filters.tags;
  if (branches === undefined && tags === undefined && !filters['branches-ignore'] && !filters['tags-ignore']) return true;
  if (isTag) {
    if (tags !== undefined) return matchesAny(tags, name);
    if (filters['tags-ignore']) return !matchesAny(filters['tags-ignore'], name);
    return false;
  }
  if (branches !== undefined) return matchesAny(branches, name);
  if (filters['branches-ignore']) return !matchesAny(filters['branches-ignore'], name);
  return false;
}

/** Whether a pull_request event (opened, synchronize, reopened) into `base` triggers the workflow. */
export function pullRequestTriggers(wf: WorkflowFile, action: string, base: string): boolean {
  const t = trigger(wf.on, 'pull_request');
  if (t === undefined) return false;
  const filters = t ?? {};
  const types = filters.types === undefined ? ['opened', 'synchronize', 'reopened'] : Array.isArray(filters.types) ? filters.types.map(String) : [String(filters.types)];
  if (!types.includes(action)) return false;
  if (filters.branches !== undefined) return matchesAny(filters.branches, base);
  if (filters['branches-ignore'] !== undefined) return !matchesAny(filters['branches-ignore'], base);
  return true;
}

export function dispatchable(wf: WorkflowFile): boolean {
  return trigger(wf.on, 'workflow_dispatch') !== undefined;
}

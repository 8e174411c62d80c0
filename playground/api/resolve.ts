// Turns what callers write for a commit (sha, branch, tag, refs/heads/x) into a commit sha, peeling
// annotated tags, the way GitHub resolves `ref` parameters.
import { parseTag, readObject } from '../git/objects.js';
import { readRef } from '../git/refs.js';
import type { Repo } from '../state/types.js';

export function peel(dir: string, sha: string): string | undefined {
  let current = sha;
  for (let i = 0; i < 10; i += 1) {
    const obj = readObject(dir, current);
    if (!obj) return undefined;
    if (obj.type === 'commit') return current;
    if (obj.type !== 'tag') return undefined;
    current = parseTag(obj.content).object;
  }
  return undefined;
}

export function resolveCommit(repo: Repo, ref: string | null | undefined): string | undefined {
  const name = ref || repo.defaultBranch;
  if (/^[0-9a-f]{40}$/.test(name)) return peel(repo.dir, name);
  const candidates = name.startsWith('refs/') ? [name]
    : name.startsWith('heads/') || name.startsWith('tags/') ? [`refs/${name}`]
      : [`refs/heads/${name}`, `refs/tags/${name}`];
  for (const candidate of candidates) {
    const sha = readRef(repo.dir, candidate);
    if (sha) return peel(repo.dir, sha);
  }
  return undefined;
}

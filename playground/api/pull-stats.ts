// What GitHub computes about a pull request from git: its commits, changed files (three-dot: from the
// merge base to the head), line counts and mergeability. Cached per (base sha, head sha): the git
// data for a pair never changes.
import { commitsBetween, diffTrees, gitMerge, lineStats, mergeBase, mergeTrees, readCommit, type FileChange } from '../git/history.js';
import { readObject } from '../git/objects.js';
import type { Sim } from '../sim.js';
import type { Pull, Repo } from '../state/types.js';

export interface DiffEntry extends FileChange {
  readonly additions: number;
  readonly deletions: number;
}

export interface PullStats {
  readonly commits: number;
  readonly commitShas: string[];
  readonly files: DiffEntry[];
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  readonly mergeable: boolean;
  readonly conflicts: string[];
  readonly testMergeSha: string | null;
}

const cache = new WeakMap<Repo, Map<string, PullStats>>();

function text(dir: string, sha: string | undefined): string {
  return sha ? readObject(dir, sha)?.content.toString('utf8') ?? '' : '';
}

export function compareCommits(repo: Repo, base: string, head: string): PullStats {
  let byRepo = cache.get(repo);
  if (!byRepo) {
    byRepo = new Map();
    cache.set(repo, byRepo);
  }
  const key = `${base}..${head}`;
  const hit = byRepo.get(key);
  if (hit) return hit;
  const mb = mergeBase(repo.dir, base, head);
  const headCommit = readCommit(repo.dir, head);
  const mbTree = mb ? readCommit(repo.dir, mb)?.tree : undefined;
  const changes = headCommit ? diffTrees(repo.dir, mbTree, headCommit.tree) : [];
  const files = changes.map((c) => ({ ...c, ...lineStats(text(repo.dir, c.before?.sha), text(repo.dir, c.after?.sha)) }));
  const baseCommit = readCommit(repo.dir, base);
  let merge = headCommit && baseCommit ? mergeTrees(repo.dir, mbTree, baseCommit.tree, headCommit.tree) : { conflicts: ['?'] };
  if (merge.conflicts.length > 0 && headCommit && baseCommit) merge = gitMerge(repo.dir, base, head);
  const commitShas = commitsBetween(repo.dir, base, head);
  const stats: PullStats = {
    commits: commitShas.length, commitShas, files,
    additions: files.reduce((n, f) => n + f.additions, 0), deletions: files.reduce((n, f) => n + f.deletions, 0),
    changedFiles: files.length, mergeable: merge.conflicts.length === 0, conflicts: merge.conflicts, testMergeSha: null,
  };
  byRepo.set(key, stats);
  return stats;
}

export function pullStats(_sim: Sim, repo: Repo, pull: Pull): PullStats {
  return compareCommits(repo, pull.base.sha, pull.head.sha);
}

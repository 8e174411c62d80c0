// Check suites: one per (app, head commit), made when a branch is pushed (GitHub then asks the app to
// check it with check_suite requested) or when the app creates its first check run on a commit.
import { readCommit } from '../git/history.js';
import type { Sim } from '../sim.js';
import type { CheckSuite, Repo } from './types.js';

export function ensureSuite(sim: Sim, repo: Repo, headSha: string, headBranch: string | null): { suite: CheckSuite; created: boolean } {
  for (const s of sim.store.checkSuites.values()) if (s.repoId === repo.id && s.headSha === headSha) return { suite: s, created: false };
  const now = sim.store.now();
  const suite: CheckSuite = { id: sim.store.nextId(), repoId: repo.id, appId: sim.app.id, headSha, headBranch, createdAt: now, updatedAt: now };
  sim.store.checkSuites.set(suite.id, suite);
  return { suite, created: true };
}

export function headCommitSimple(repo: Repo, sha: string): Record<string, unknown> | null {
  const c = readCommit(repo.dir, sha);
  if (!c) return null;
  return {
    id: sha, tree_id: c.tree, message: c.message.replace(/\n$/, ''),
    timestamp: new Date(c.committer.time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    author: { name: c.author.name, email: c.author.email }, committer: { name: c.committer.name, email: c.committer.email },
  };
}

// Forks, as GitHub makes them: a real bare repository cloned from the parent (every branch and tag), owned
// by the caller, remembering its parent; and a fork's branch brought into the parent as refs/pull/N/head,
// which is how GitHub's base repository holds the commits of a pull request from a fork.
import { execFileSync } from 'node:child_process';
import type { Sim } from '../sim.js';
import { createRepo } from './repos.js';
import type { Repo } from './types.js';

function git(dir: string, args: readonly string[]): void {
  execFileSync('git', ['--git-dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

/** The caller's fork of `parent` (an existing one is returned as it is, as GitHub does). */
export function forkRepo(sim: Sim, parent: Repo, owner: string, name = parent.name): { fork: Repo; created: boolean } {
  const existing = [...sim.store.repos.values()].find((r) => r.forkOf === parent.id && r.owner.toLowerCase() === owner.toLowerCase());
  if (existing) return { fork: existing, created: false };
  const fork = createRepo(sim, owner, name, { private: parent.private, defaultBranch: parent.defaultBranch, description: parent.description });
  fork.forkOf = parent.id;
  git(fork.dir, ['fetch', '--quiet', '--no-tags', parent.dir, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*']);
  return { fork, created: true };
}

/** The repository a fork was made from at the root of its network (the parent itself when it is no fork). */
export function sourceOf(sim: Sim, repo: Repo): Repo {
  let r = repo;
  while (r.forkOf !== undefined && sim.store.repos.has(r.forkOf)) r = sim.store.repos.get(r.forkOf)!;
  return r;
}

/** Copies `sha` (and its history) from the fork into the base repository under refs/pull/{number}/head. */
export function fetchPullHead(base: Repo, fork: Repo, sha: string, number: number): void {
  git(base.dir, ['fetch', '--quiet', '--no-tags', fork.dir, `+${sha}:refs/pull/${number}/head`]);
}

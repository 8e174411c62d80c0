// Repository operations shared by the REST handlers, git pushes and the simulated people: creating a
// repository, committing files, and reacting to ref changes the way GitHub does (push and create
// webhooks, pull requests synchronised, workflows triggered).
import { mkdirSync } from 'node:fs';
import { initBare } from '../git/bare.js';
import { readCommit } from '../git/history.js';
import { serializeCommit, writeObject, type Person } from '../git/objects.js';
import { readRef, updateRef, ZERO_SHA } from '../git/refs.js';
import { sshSign, type SshKeyPair } from '../git/sshsig.js';
import { buildTree, flattenTree, type FileEntry } from '../git/tree.js';
import type { Sim } from '../sim.js';
import type { Pull, Repo } from './types.js';
import { fetchPullHead } from './forks.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { pullShape } from '../api/shapes-pulls.js';
import { checkSuiteShape } from '../api/shapes-checks.js';
import { ensureSuite } from './check-suites.js';

export interface CreateRepoOptions {
  readonly private?: boolean;
  readonly defaultBranch?: string;
  readonly description?: string | null;
}

export function createRepo(sim: Sim, owner: string, name: string, opts: CreateRepoOptions = {}): Repo {
  const now = sim.store.now();
  const account = sim.store.account(owner);
  const repo: Repo = {
    id: sim.store.nextId(), owner: account?.login ?? owner, name, dir: sim.repoDir(owner, name),
    private: opts.private ?? false, defaultBranch: opts.defaultBranch ?? 'main', description: opts.description ?? null,
    createdAt: now, updatedAt: now, pushedAt: now, collaborators: new Set(), nextNumber: 1,
  };
  mkdirSync(repo.dir, { recursive: true });
  initBare(repo.dir, repo.defaultBranch);
  sim.store.addRepo(repo);
  return repo;
}

export function personOf(sim: Sim, login: string, when = Date.now()): Person {
  const account = sim.store.account(login);
  return {
    name: account?.name ?? account?.login ?? login,
    email: account?.email ?? `${account?.id ?? 0}+${login}@users.noreply.playground`,
    time: Math.floor(when / 1000),
    tz: '+0000',
  };
}

export interface CommitFilesInput {
  readonly branch: string;
  /** path -> new content; null deletes the path. */
  readonly files: Readonly<Record<string, string | Buffer | null>>;
  readonly message: string;
  readonly author: Person;
  readonly committer?: Person;
  /** Parent commit; defaults to the branch head (none for a new branch of an empty repository). */
  readonly parent?: string;
  readonly signingKey?: SshKeyPair;
  /** Expected current value of the branch (undefined: whatever it is now). */
  readonly expected?: string;
}

/** Writes the commit only (no ref update). */
export function writeFilesCommit(sim: Sim, repo: Repo, input: CommitFilesInput): string {
  const parent = input.parent ?? readRef(repo.dir, `refs/heads/${input.branch}`);
  const base = parent ? readCommit(repo.dir, parent) : undefined;
  const files: Map<string, FileEntry> = base ? flattenTree(repo.dir, base.tree) : new Map();
  for (const [path, content] of Object.entries(input.files)) {
    if (content === null) files.delete(path);
    else files.set(path, { mode: '100644', sha: writeObject(repo.dir, 'blob', Buffer.from(content)) });
  }
  const fields = {
    tree: buildTree(repo.dir, files), parents: parent ? [parent] : [], author: input.author,
    committer: input.committer ?? input.author, message: input.message.endsWith('\n') ? input.message : `${input.message}\n`,
  };
  const signature = input.signingKey ? sshSign(input.signingKey, serializeCommit(fields)) : undefined;
  return writeObject(repo.dir, 'commit', serializeCommit(fields, signature));
}

/** Commits files onto a branch and announces the push. Returns the new commit's sha. */
export function commitFiles(sim: Sim, repo: Repo, input: CommitFilesInput, pusher: string): string {
  const ref = `refs/heads/${input.branch}`;
  const before = readRef(repo.dir, ref) ?? ZERO_SHA;
  const sha = writeFilesCommit(sim, repo, input);
  updateRef(repo.dir, ref, sha, input.expected ?? before);
  refsChanged(sim, repo, [{ ref, before, after: sha }], pusher);
  return sha;
}

export interface RefChange {
  readonly ref: string;
  readonly before: string;
  readonly after: string;
}

function pushCommits(sim: Sim, repo: Repo, change: RefChange): Record<string, unknown>[] {
  if (change.after === ZERO_SHA) return [];
  const out: Record<string, unknown>[] = [];
  let sha: string | undefined = change.after;
  while (sha && sha !== change.before && out.length < 20) {
    const c = readCommit(repo.dir, sha);
    if (!c) break;
    const parentTree = c.parents[0] ? readCommit(repo.dir, c.parents[0])?.tree : undefined;
    const before = parentTree ? flattenTree(repo.dir, parentTree) : new Map<string, FileEntry>();
    const after = flattenTree(repo.dir, c.tree);
    out.unshift({
      id: sha, tree_id: c.tree, distinct: true, message: c.message.trimEnd(),
      timestamp: new Date(c.committer.time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      url: `${sim.webUrl}/${repo.owner}/${repo.name}/commit/${sha}`,
      author: { name: c.author.name, email: c.author.email },
      committer: { name: c.committer.name, email: c.committer.email },
      added: [...after.keys()].filter((p) => !before.has(p)),
      removed: [...before.keys()].filter((p) => !after.has(p)),
      modified: [...after.keys()].filter((p) => before.has(p) && before.get(p)!.sha !== after.get(p)!.sha),
    });
    sha = c.parents[0];
  }
  return out;
}

/** What GitHub does after refs move: push/create webhooks, PR synchronisation, workflow triggers. */
export function refsChanged(sim: Sim, repo: Repo, changes: RefChange[], pusher: string): void {
  repo.pushedAt = sim.store.now();
  const person = personOf(sim, pusher);
  for (const change of changes) {
    const created = change.before === ZERO_SHA;
    const deleted = change.after === ZERO_SHA;
    const commits = pushCommits(sim, repo, change);
    const isTag = change.ref.startsWith('refs/tags/');
    const short = change.ref.replace(/^refs\/(heads|tags)\//, '');
    emitRepoEvent(sim, repo, 'push', pusher, {
      ref: change.ref, before: change.before, after: change.after, created, deleted, forced: false,
      base_ref: null, compare: `${sim.webUrl}/${repo.owner}/${repo.name}/compare/${change.before.slice(0, 12)}...${change.after.slice(0, 12)}`,
      commits, head_commit: commits[commits.length - 1] ?? null,
      pusher: { name: pusher, email: person.email },
    });
    if (created && !deleted) {
      emitRepoEvent(sim, repo, 'create', pusher, {
        ref: short, ref_type: isTag ? 'tag' : 'branch', master_branch: repo.defaultBranch,
        description: repo.description, pusher_type: 'user',
      });
    }
    if (!isTag && !deleted) {
      const { suite, created: fresh } = ensureSuite(sim, repo, change.after, short);
      if (fresh) {
        emitRepoEvent(sim, repo, 'check_suite', pusher, {
          action: 'requested', check_suite: checkSuiteShape(sim, repo, suite, created ? null : change.before),
        });
      }
      synchronisePulls(sim, repo, short, change, pusher);
    }
    sim.defer(() => sim.actions.onPush(repo, change, pusher));
  }
}

function synchronisePulls(sim: Sim, repo: Repo, branch: string, change: RefChange, pusher: string): void {
  for (const pull of sim.store.pullsOf(repo.id)) {
    const issue = sim.store.issue(repo.id, pull.number);
    if (issue?.state !== 'open') continue;
    if (pull.base.ref === branch) pull.base.sha = change.after;
    if (pull.head.repoId !== undefined || pull.head.ref !== branch || pull.head.sha === change.after) continue;
    synchronise(sim, repo, pull, change, pusher);
  }
  // A push to a fork's branch moves the pull requests it heads in other repositories of the network.
  for (const base of sim.store.repos.values()) {
    if (base.id === repo.id) continue;
    for (const pull of sim.store.pullsOf(base.id)) {
      if (pull.head.repoId !== repo.id || pull.head.ref !== branch || pull.head.sha === change.after) continue;
      if (sim.store.issue(base.id, pull.number)?.state !== 'open') continue;
      fetchPullHead(base, repo, change.after, pull.number);
      synchronise(sim, base, pull, change, pusher);
    }
  }
}

function synchronise(sim: Sim, repo: Repo, pull: Pull, change: RefChange, pusher: string): void {
  const issue = sim.store.issue(repo.id, pull.number)!;
  const before = pull.head.sha;
  pull.head.sha = change.after;
  issue.updatedAt = sim.store.now();
  emitRepoEvent(sim, repo, 'pull_request', pusher, {
    action: 'synchronize', number: pull.number, before, after: change.after, pull_request: pullShape(sim, repo, pull, true),
  });
}

// Merging a pull request, as GitHub's merge button does: a merge commit (or a squash commit) on the base
// branch, committed by GitHub and signed with the simulator's web-flow key, so its verification is valid.
// The API allows the app to merge too, as GitHub does; who merged is recorded in merged_by.
import { pullShape } from '../api/shapes-pulls.js';
import { compareCommits } from '../api/pull-stats.js';
import { gitMerge, mergeBase, mergeTrees, readCommit } from '../git/history.js';
import { serializeCommit, writeObject } from '../git/objects.js';
import { readRef, RefConflict, updateRef } from '../git/refs.js';
import { sshSign } from '../git/sshsig.js';
import { buildTree } from '../git/tree.js';
import { WEB_FLOW } from '../git/verification.js';
import { conflict, GhError } from '../server/errors.js';
import type { Sim } from '../sim.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { codeOwnersOf } from './codeowners.js';
import { enforceProtection } from './protection.js';
import { personOf, refsChanged } from './repos.js';
import type { Pull, Repo } from './types.js';

export interface MergeOptions {
  readonly method?: 'merge' | 'squash' | 'rebase';
  readonly title?: string;
  readonly message?: string;
  /** The head sha the merger saw; a different current head is a 409, as on GitHub. */
  readonly sha?: string;
}

export function mergePull(sim: Sim, repo: Repo, pull: Pull, by: string, opts: MergeOptions = {}): string {
  const issue = sim.store.issue(repo.id, pull.number)!;
  if (issue.state !== 'open' || pull.merged) throw new GhError(405, 'Pull Request is not mergeable');
  if (opts.sha && opts.sha !== pull.head.sha) throw conflict('Head branch was modified. Review and try the merge again.');
  const method = opts.method ?? 'merge';
  if (method === 'rebase') throw new GhError(405, 'Rebase merges are not allowed on this repository.');
  const baseSha = readRef(repo.dir, `refs/heads/${pull.base.ref}`);
  if (!baseSha) throw new GhError(405, 'Base branch was deleted');
  pull.base.sha = baseSha;
  if (!compareCommits(repo, baseSha, pull.head.sha).mergeable) throw new GhError(405, 'Pull Request is not mergeable');
  enforceProtection(sim, repo, pull, by, () => codeOwnersOf(sim, repo, pull));
  const baseCommit = readCommit(repo.dir, baseSha)!;
  const headCommit = readCommit(repo.dir, pull.head.sha)!;
  const mb = mergeBase(repo.dir, baseSha, pull.head.sha);
  const treeMerge = mergeTrees(repo.dir, mb ? readCommit(repo.dir, mb)?.tree : undefined, baseCommit.tree, headCommit.tree);
  const tree = treeMerge.conflicts.length === 0 ? buildTree(repo.dir, treeMerge.files) : gitMerge(repo.dir, baseSha, pull.head.sha).tree;
  if (!tree) throw new GhError(405, 'Pull Request is not mergeable');
  const author = personOf(sim, by);
  const message = method === 'squash'
    ? `${opts.title ?? `${issue.title} (#${pull.number})`}\n\n${opts.message ?? ''}`.trimEnd()
    : `${opts.title ?? `Merge pull request #${pull.number} from ${sim.store.repos.get(pull.head.repoId ?? repo.id)?.owner ?? repo.owner}/${pull.head.ref}`}\n\n${opts.message ?? issue.title}`.trimEnd();
  const fields = {
    tree, parents: method === 'squash' ? [baseSha] : [baseSha, pull.head.sha],
    author, committer: { ...WEB_FLOW, time: author.time, tz: '+0000' }, message: `${message}\n`,
  };
  const sha = writeObject(repo.dir, 'commit', serializeCommit(fields, sshSign(sim.webFlowKey, serializeCommit(fields))));
  try {
    updateRef(repo.dir, `refs/heads/${pull.base.ref}`, sha, baseSha);
  } catch (e) {
    if (e instanceof RefConflict) throw conflict('Base branch was modified. Review and try the merge again.');
    throw e;
  }
  const now = sim.store.now();
  Object.assign(pull, { merged: true, mergedAt: now, mergedBy: by, mergeCommitSha: sha });
  Object.assign(issue, { state: 'closed', closedAt: now, updatedAt: now });
  sim.store.addEvent({ repoId: repo.id, issueNumber: pull.number, event: 'merged', actor: by, commitId: sha });
  sim.store.addEvent({ repoId: repo.id, issueNumber: pull.number, event: 'closed', actor: by, commitId: sha });
  emitRepoEvent(sim, repo, 'pull_request', by, { action: 'closed', number: pull.number, pull_request: pullShape(sim, repo, pull, true) });
  refsChanged(sim, repo, [{ ref: `refs/heads/${pull.base.ref}`, before: baseSha, after: sha }], by);
  return sha;
}

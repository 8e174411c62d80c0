// Branch protection as GitHub enforces it on a merge: each required check (a check run by name or a commit
// status by context, on the head commit) must have passed, the base must be in the head when `strict`, and
// enough approving reviews on the head by people with write access (code owners' among them when asked).
// An admin bypasses it unless enforce_admins is on. The refusal is a 405 in GitHub's words.
import { isAncestor } from '../git/history.js';
import { GhError } from '../server/errors.js';
import type { Sim } from '../sim.js';
import type { Pull, Repo } from './types.js';

const PASSING = new Set(['success', 'neutral', 'skipped']);

function checkState(sim: Sim, repo: Repo, sha: string, context: string): 'passing' | 'failing' | 'expected' {
  const run = [...sim.store.checkRuns.values()].filter((r) => r.repoId === repo.id && r.headSha === sha && r.name === context).sort((a, b) => b.id - a.id)[0];
  const status = [...sim.store.statuses.values()].filter((s) => s.repoId === repo.id && s.sha === sha && s.context === context).sort((a, b) => b.id - a.id)[0];
  if (run && run.status === 'completed') return PASSING.has(run.conclusion ?? '') ? 'passing' : 'failing';
  if (status) return status.state === 'success' ? 'passing' : status.state === 'pending' ? 'expected' : 'failing';
  return 'expected';
}

/** Approving reviews that count for protection: each writer's latest review, on the head, APPROVED. */
export function approvers(sim: Sim, repo: Repo, pull: Pull): string[] {
  const latest = new Map<string, { state: string; commit: string }>();
  const reviews = [...sim.store.reviews.values()].filter((r) => r.repoId === repo.id && r.pullNumber === pull.number && r.submittedAt !== null)
    .sort((a, b) => a.id - b.id);
  for (const r of reviews) if (r.state !== 'COMMENTED') latest.set(r.user.toLowerCase(), { state: r.state, commit: r.commitId });
  return [...latest].filter(([login, r]) => r.state === 'APPROVED' && r.commit === pull.head.sha && ['write', 'maintain', 'admin'].includes(sim.roleOf(repo, login) ?? ''))
    .map(([login]) => login);
}

export function enforceProtection(sim: Sim, repo: Repo, pull: Pull, by: string, codeOwners: () => string[]): void {
  const p = sim.store.protection(repo.id, pull.base.ref);
  if (!p) return;
  if (!p.enforceAdmins && sim.roleOf(repo, by) === 'admin') return;
  if (p.requiredChecks) {
    if (p.requiredChecks.strict && !isAncestor(repo.dir, pull.base.sha, pull.head.sha)) throw new GhError(405, 'Head branch is out of date. Review and try the merge again.');
    for (const context of p.requiredChecks.contexts) {
      const state = checkState(sim, repo, pull.head.sha, context);
      if (state !== 'passing') throw new GhError(405, `Required status check "${context}" is ${state}.`);
    }
  }
  if (p.requiredReviews) {
    const approved = approvers(sim, repo, pull);
    const n = p.requiredReviews.count;
    if (approved.length < n) {
      throw new GhError(405, `At least ${n} approving review${n === 1 ? ' is' : 's are'} required by reviewers with write access.`);
    }
    if (p.requiredReviews.codeOwners) {
      const owners = codeOwners();
      if (owners.length > 0 && !owners.some((o) => approved.includes(o.toLowerCase()))) {
        throw new GhError(405, `Waiting on code owner review from ${owners.join(', ')}.`);
      }
    }
  }
}

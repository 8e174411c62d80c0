// /advance <STATE>: a transition pull request that changes project.json's state by one step of the
// lifecycle, from the base branch's state. Branch migration/advance-<state> holds it, so asking twice finds
// the same pull request instead of opening a second. migration/approvals demands the transition's roles
// (policy.approvals on the base branch); merging it moves the state, and the app records that
// (app/transitions/record.ts). RECONCILED and PARALLEL_VALIDATED are refused while the base branch's latest
// reconciliation of the signed plan is missing or beyond tolerance (core/state/recon-guard.ts); the approvals
// check of the pull request applies the same rule to its tree.
import { artifactValue, REPO_PATHS } from '../../core/repo/index.js';
import { nextState, reconGuard, reconReportFiles, requiredRoles, transitionKey, withState, type State } from '../../core/state/index.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { branchWithFiles } from '../plan/commit-files.js';

export const ADVANCE_PREFIX = 'migration/advance-';

export type AdvanceResult =
  | { readonly kind: 'opened' | 'exists'; readonly pull: number; readonly url: string; readonly transition: string; readonly roles: readonly string[]; readonly branch: string }
  | { readonly kind: 'refused'; readonly reason: string };

export function advanceBranch(to: State): string {
  return `${ADVANCE_PREFIX}${to.toLowerCase().replace(/_/g, '-')}`;
}


export async function openTransition(job: RepoJob, base: BaseRules, to: State, actor: string): Promise<AdvanceResult> {
  const from = base.state!;
  const next = nextState(from);
  if (next !== to) {
    return { kind: 'refused', reason: `/advance moves the state one step: from ${from} the next state is ${next ?? 'none (it is the last)'}, not ${to}` };
  }
  const transition = transitionKey(from, to);
  // The base branch's evidence decides: no transition pull request while the reconciliation it needs is missing or failed.
  const guard = reconGuard(transition, base.repo.signedVersions, reconReportFiles(base.repo.files));
  if (guard) return { kind: 'refused', reason: guard };
  const roles = requiredRoles(artifactValue(base.repo.policy), transition);
  const where = { owner: job.owner, repo: job.repo };
  const branch = advanceBranch(to);
  const text = base.files.files.read(REPO_PATHS.project)!;
  const created = await branchWithFiles(job.octokit, where, branch, base.sha, [{ path: REPO_PATHS.project, text: withState(text, to) }],
    `Advance ${transition}\n\nRequested by @${actor} with /advance ${to}.\n`);
  const open = (await job.octokit.rest.pulls.list({ ...where, state: 'open', head: `${job.owner}:${branch}`, per_page: 10 })).data[0];
  if (open) return { kind: 'exists', pull: open.number, url: open.html_url, transition, roles, branch };
  const body = [
    `Moves the project from **${from}** to **${to}** (project.json on ${base.ref}), as @${actor} asked with \`/advance ${to}\`.`,
    '',
    roles.length ? `The policy on ${base.ref} asks ${roles.join(' and ')} to approve ${transition}; \`migration/approvals\` shows who is still missing.` : `The policy on ${base.ref} asks no role to approve ${transition}.`,
    '',
    'Merging it moves the state; the app records the change in the audit chain.',
  ].join('\n');
  const pr = (await job.octokit.rest.pulls.create({ ...where, head: branch, base: base.ref, title: `Advance to ${to}`, body })).data;
  return { kind: created === null ? 'exists' : 'opened', pull: pr.number, url: pr.html_url, transition, roles, branch };
}

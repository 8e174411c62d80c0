// The plan pull request of `/plan propose`: every agent and the plan compiler through `propose()`, on the
// default branch's files (the merged discovery's raw catalog and profile in RAW_DIR, the policy, the
// decisions already taken), proposed on branch migration/plan-v<N> (N: the first version not signed yet):
// contracts/, models/, plans/migration_plan.json, runbooks/, the reasoning, and project.json moved to
// PLAN_DRAFTED. Files an earlier proposal wrote that this one does not (the model of a dropped view) are
// deleted in the pull request. The time recorded is the base commit's, so the same base gives the same
// bytes and asking again writes nothing.
import { REPO_PATHS } from '../../core/repo/paths.js';
import { propose, type ProposeResult } from '../agents/pipeline.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { withState } from '../../core/state/index.js';
import { agentContext, nextPlanVersion, rawInRepository } from './inputs.js';
import { openProposal, type ProposalResult } from './pull.js';
import { proposalSink } from './sink.js';

export function planBranch(version: number): string {
  return `migration/plan-v${version}`;
}

/** What a plan proposal owns: a file here that the new proposal does not write is stale and deleted. */
export function ownedByPlan(path: string): boolean {
  return path.startsWith('models/') || path.startsWith('contracts/') || path.startsWith('runbooks/') || path === REPO_PATHS.plan;
}

/** A commit's committer time: the proposals' `now`, so they depend on the commit they read alone. */
export async function commitTime(job: RepoJob, sha: string): Promise<string> {
  const commit = (await job.octokit.rest.git.getCommit({ owner: job.owner, repo: job.repo, commit_sha: sha })).data;
  return new Date(commit.committer.date).toISOString();
}

export async function proposePlan(job: RepoJob, base: BaseRules, actor: string): Promise<{ result: ProposalResult; proposal: ProposeResult; version: number }> {
  const repo = base.files.files;
  const context = agentContext(repo, rawInRepository(repo), await commitTime(job, base.sha));
  const version = nextPlanVersion(repo);
  const proposal = await propose(context, proposalSink(job.settings.artifactStore, job.owner, job.repo), { version });
  const files = [
    ...proposal.files.map((f) => ({ path: f.path, content: f.content })),
    ...(base.state === 'DISCOVERED' ? [{ path: REPO_PATHS.project, content: withState(repo.read(REPO_PATHS.project)!, 'PLAN_DRAFTED') }] : []),
  ];
  const open = proposal.decisions.filter((d) => d.status === 'open');
  const body = [
    `Plan v${version} of \`${context.project.project_id}\`, proposed by the agents for @${actor} from ${base.ref} at ${base.sha.slice(0, 12)}:`,
    '',
    ...proposal.runs.map((r) => `- **${r.proposal.agent.name}**: ${r.proposal.summary} (\`${r.proposal.proposal_id}\`)`),
    '',
    open.length > 0
      ? `${open.length} manual decision(s) are open in \`${REPO_PATHS.manualDecisions}\`: signing stays blocked until each is resolved here.`
      : 'No manual decision is open.',
    '',
    'Every decision cites its evidence in `discovery/*.reasoning.json`. The validators run on this pull request as check runs; the roles approve; `/plan sign` signs.',
  ].join('\n');
  const result = await openProposal(job, base, {
    branch: planBranch(version), title: `Plan v${version}: ${context.project.source.engine} to ${context.project.target.engine}`, body, files, owns: ownedByPlan,
    message: `Plan v${version} proposed by the agents\n\nRequested by @${actor} with /plan propose on ${base.sha.slice(0, 12)}.\n${proposal.runs.map((r) => `${r.proposal.agent.name}: ${r.proposal.proposal_id}`).join('\n')}\n`,
  });
  return { result, proposal, version };
}

// The cutover pull request of `/cutover propose`: CutoverAgent's runbooks/cutover.md and rollback.md from the
// default branch's plan, policy, roles and latest recon report, on branch migration/cutover-v<N> (N: the
// plan's version). When the default branch already holds exactly these runbooks, no pull request is opened.
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import type { MigrationPlan } from '../../core/types/generated.js';
import { agent as cutoverAgent } from '../agents/cutover/index.js';
import { jsonFile, runAgent, type AgentRun } from '../agents/orchestrator.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { reasoningPath } from './discovery.js';
import { agentContext } from './inputs.js';
import { commitTime } from './plan.js';
import { openProposal, type ProposalResult } from './pull.js';
import { proposalSink } from './sink.js';

export async function proposeCutover(job: RepoJob, base: BaseRules, actor: string): Promise<{ result: ProposalResult; run: AgentRun; version: number }> {
  const plan = base.repo.plan?.value as MigrationPlan | undefined;
  if (!plan || (base.repo.plan?.findings.length ?? 0) > 0) {
    throw new CopilotError('PLAN_REFUSED', `${REPO_PATHS.plan} on ${base.ref} is missing or invalid: the runbooks are written from the merged plan`, { hint: 'merge the plan pull request first (/plan propose opens it)' });
  }
  const context = agentContext(base.files.files, null, await commitTime(job, base.sha));
  const run = await runAgent(cutoverAgent, { plan }, context, proposalSink(job.settings.artifactStore, job.owner, job.repo));
  const files = [...run.files.map((f) => ({ path: f.path, content: f.content })), { path: reasoningPath(run), content: jsonFile(run.reasoning) }];
  const reports = Object.keys(context.files).filter((p) => p.startsWith('reconciliation/'));
  const body = [
    `The cutover and rollback runbooks of plan v${plan.version}, proposed by **CutoverAgent** (\`${run.proposal.proposal_id}\`) for @${actor}: freeze, final sync, verification gate, switch and rollback, each step with its owners from the roles of \`${REPO_PATHS.config}\` on ${base.ref}.`,
    '',
    reports.length > 0 ? `The verification gate reads the latest recon report: \`${reports.sort().at(-1)}\`.` : 'No recon report on the base yet: the gate names the report to come.',
  ].join('\n');
  const result = await openProposal(job, base, {
    branch: `migration/cutover-v${plan.version}`, title: `Cutover runbooks for plan v${plan.version}`, body, files,
    message: `Cutover runbooks for plan v${plan.version}\n\nRequested by @${actor} with /cutover propose on ${base.sha.slice(0, 12)}.\nCutoverAgent: ${run.proposal.proposal_id}\n`,
  });
  return { result, run, version: plan.version };
}

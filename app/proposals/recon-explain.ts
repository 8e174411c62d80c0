// `/recon explain` on the runner's evidence pull request (branch evidence/plan-v<N>): DiffExplainerAgent
// reads every reconciliation/v<N>/recon_report*.json of the pull request's head and explains each class of
// difference with its evidence rows and a suggested fix. The explanation is one comment on the pull request,
// keyed by the marker recon-explain:v<N> (edited in place when the reports change, never a second copy);
// each proposal (the explanation file, its reasoning) is stored by sha256 in the app's artifact store and
// named in the comment. The evidence branch itself is the runner's and is not written.
import { CopilotError } from '../../core/errors.js';
import { runAgent, type AgentRun } from '../agents/orchestrator.js';
import { agent as diffExplainer } from '../agents/diff-explainer/index.js';
import type { BaseRules, PullInfo } from '../commands/command.js';
import { upsertMarkerComment, type UpsertResult } from '../github/marker.js';
import type { RepoJob } from '../job.js';
import { treeRepoFiles } from '../reconcile/tree-files.js';
import { agentContext } from './inputs.js';
import { commitTime } from './plan.js';
import { proposalSink } from './sink.js';

export const EXPLAIN_KIND = 'recon-explain';
const EVIDENCE_BRANCH = /^evidence\/plan-v([1-9][0-9]*)$/;

export interface Explanation {
  readonly version: number;
  readonly reports: readonly string[];
  readonly runs: readonly AgentRun[];
  readonly comment: UpsertResult;
}

export async function explainRecon(job: RepoJob, base: BaseRules, pull: PullInfo): Promise<Explanation> {
  const m = EVIDENCE_BRANCH.exec(pull.headRef);
  if (!m) throw new CopilotError('USAGE', `/recon explain runs on the runner's evidence pull request (branch evidence/plan-v<N>); #${pull.number} is on ${pull.headRef}`);
  const version = Number(m[1]);
  const head = await treeRepoFiles(job.port, { owner: job.owner, repo: job.repo }, pull.headSha);
  const reports = head.files.list(`reconciliation/v${version}/`).filter((p) => /^reconciliation\/v[1-9][0-9]*\/recon_report[^/]*\.json$/.test(p));
  if (reports.length === 0) throw new CopilotError('FILE_NOT_FOUND', `#${pull.number} holds no reconciliation/v${version}/recon_report*.json at ${pull.headSha.slice(0, 12)}: nothing to explain`);
  const context = agentContext(base.files.files, null, await commitTime(job, pull.headSha));
  const files = { ...context.files, ...Object.fromEntries(reports.map((p) => [p, head.files.read(p)!])) };
  const sink = proposalSink(job.settings.artifactStore, job.owner, job.repo);
  const runs: AgentRun[] = [];
  for (const report of reports) runs.push(await runAgent(diffExplainer, { report }, { ...context, files }, sink));
  const body = [
    `## Why the rows differ (plan v${version}, head ${pull.headSha.slice(0, 12)})`,
    '',
    ...runs.flatMap((r) => [
      ...r.files.map((f) => f.content.replace(/^# /, '### ')),
      '',
      `<sub>DiffExplainerAgent proposal \`${r.proposal.proposal_id}\`; reasoning sha256 \`${(r.proposal.reasoning_sha256 ?? '').slice(0, 12)}\`; ${r.reasoning.decisions.length} decision(s), each with its citation and confidence.</sub>`,
      '',
    ]),
    'Each suggested fix is a proposal: apply it in a new plan version (`/plan propose`), never in this evidence.',
  ].join('\n');
  const comment = await upsertMarkerComment(job, pull.number, EXPLAIN_KIND, `v${version}`, body);
  return { version, reports, runs, comment };
}

// The discovery pull request. `/discover` starts the repository's read-only discover workflow
// (templates/.github/workflows/migration-discover.yml); the workflow pushes the raw catalog and profile to
// branch migration/discovery (RAW_DIR), and that push brings the app here: the Discovery and Profiling
// agents run through the orchestrator on the raw files of the pushed commit, with the rules (project,
// policy, decisions) of the default branch, and the pull request gets discovery/*.json with their
// reasoning, the raw files, and project.json moved to DISCOVERED. The time recorded is the catalog's
// capture time, so the same raw files give the same bytes: the app's own push back to the branch finds
// everything current and writes nothing.
import { REPO_PATHS } from '../../core/repo/paths.js';
import { withState, type State } from '../../core/state/index.js';
import { mergeDecisions } from '../agents/decisions.js';
import { agent as discoveryAgent } from '../agents/discovery/index.js';
import { jsonFile, runAgent, type AgentRun } from '../agents/orchestrator.js';
import { agent as profilingAgent } from '../agents/profiling/index.js';
import { appendAudit } from '../audit/branch.js';
import { baseRules } from '../commands/base.js';
import type { BaseRules } from '../commands/command.js';
import type { RepoJob } from '../job.js';
import { treeRepoFiles } from '../reconcile/tree-files.js';
import { CATALOG_FILE, PROFILE_FILE, RAW_DIR } from './init-files.js';
import { agentContext, rawInRepository } from './inputs.js';
import { openProposal, type ProposalResult } from './pull.js';
import { proposalSink } from './sink.js';

export const DISCOVERY_BRANCH = 'migration/discovery';
/** The states a discovery may be proposed in (a new discovery before the plan is signed). */
export const DISCOVERY_STATES: readonly State[] = ['CREATED', 'DISCOVERED', 'PLAN_DRAFTED'];

/** Where each agent's reasoning goes in the repository (as `propose` writes it). */
export function reasoningPath(run: AgentRun): string {
  return `${REPO_PATHS.discoveryDir}${run.proposal.kind.replace(/_/g, '-')}.reasoning.json`;
}

export interface PushPayload {
  readonly ref: string;
  readonly after: string;
  readonly default_branch: string;
  readonly pusher: string;
}

export async function proposeDiscovery(job: RepoJob, base: BaseRules, head: string, actor: string): Promise<{ result: ProposalResult; runs: readonly AgentRun[] }> {
  const where = { owner: job.owner, repo: job.repo };
  const pushed = await treeRepoFiles(job.port, where, head);
  const raw = rawInRepository(pushed.files);
  const draft = agentContext(base.files.files, raw, '');
  const context = { ...draft, now: draft.catalog!.captured_at };
  const sink = proposalSink(job.settings.artifactStore, job.owner, job.repo);
  const runs: AgentRun[] = [await runAgent(discoveryAgent, { targetEngine: context.project.target.engine }, context, sink)];
  if (context.profile) runs.push(await runAgent(profilingAgent, {}, { ...context, raised: runs[0]!.decisions }, sink));
  const raised = runs.flatMap((r) => r.decisions);
  const rawFiles = [CATALOG_FILE, PROFILE_FILE].map((f) => ({ path: `${RAW_DIR}/${f}`, content: raw.files.read(f) })).filter((f): f is { path: string; content: string } => f.content !== undefined);
  const projectText = base.files.files.read(REPO_PATHS.project)!;
  const files = [
    ...rawFiles,
    ...runs.flatMap((r) => r.files.map((f) => ({ path: f.path, content: f.content }))),
    ...runs.map((r) => ({ path: reasoningPath(r), content: jsonFile(r.reasoning) })),
    ...(raised.length > 0 ? [{ path: REPO_PATHS.manualDecisions, content: jsonFile({ decisions: mergeDecisions(context.previousDecisions, raised) }) }] : []),
    ...(base.state === 'CREATED' ? [{ path: REPO_PATHS.project, content: withState(projectText, 'DISCOVERED') }] : []),
  ];
  const body = [
    `What the source holds, read by the discover workflow (read-only) and described by the agents: ${runs.map((r) => `**${r.proposal.agent.name}**: ${r.proposal.summary}`).join(' ')}`,
    '',
    `Raw catalog captured at ${context.now} (\`${RAW_DIR}/\`). Each decision's evidence and limitations are in \`${REPO_PATHS.discoveryDir}*.reasoning.json\`.`,
    ...(raised.length > 0 ? ['', `${raised.length} decision(s) left to people: \`${REPO_PATHS.manualDecisions}\`.`] : []),
    '',
    base.state === 'CREATED' ? 'Merging it makes the project **DISCOVERED**; then `/plan propose` opens the plan pull request.' : `The project stays ${base.state}; \`/plan propose\` uses the merged discovery.`,
  ].join('\n');
  const result = await openProposal(job, base, {
    branch: DISCOVERY_BRANCH, title: `Discovery of the ${context.catalog!.engine} source`, body, files,
    message: `Discovery of the ${context.catalog!.engine} source\n\n${runs.map((r) => `${r.proposal.agent.name}: ${r.proposal.proposal_id}`).join('\n')}\nRaw files of ${head.slice(0, 12)}, pushed by @${actor}.\n`,
  });
  if ((result.kind === 'opened' || result.kind === 'updated') && base.projectId) {
    await appendAudit(job.octokit, where, {
      project_id: base.projectId, actor: 'migration-copilot[bot]', action: 'discovery.proposed', subject: `${job.owner}/${job.repo}#${result.pull}`,
      reasoning: `${runs.map((r) => `${r.proposal.agent.name}: ${r.proposal.summary}`).join(' ')} (raw files pushed by @${actor} at ${head.slice(0, 12)})`,
      refs: { pull: String(result.pull), commit: result.commit!, raw: head, ...Object.fromEntries(runs.map((r) => [r.proposal.kind, r.proposal.proposal_id])) },
      idempotencyKey: `discovery:${result.commit}`,
    }, () => new Date());
  }
  return { result, runs };
}

/** The job of a push to DISCOVERY_BRANCH: propose the discovery when the default branch's project allows it. */
export async function onDiscoveryPush(job: RepoJob, payload: PushPayload): Promise<void> {
  const base = await baseRules(job, payload.default_branch);
  if (!base.state || !DISCOVERY_STATES.includes(base.state)) {
    job.log.info({ state: base.state }, `push to ${DISCOVERY_BRANCH}: the project on ${base.ref} is in no state a discovery is proposed in`);
    return;
  }
  const { result } = await proposeDiscovery(job, base, payload.after, payload.pusher);
  job.log.info({ pull: result.pull, kind: result.kind }, 'discovery proposal');
}

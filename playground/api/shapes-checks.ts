// Shapes of check runs and check suites, valid for the REST API and the check_run webhooks.
import type { Sim } from '../sim.js';
import type { CheckRun, CheckSuite, Repo } from '../state/types.js';
import { headCommitSimple } from '../state/check-suites.js';
import { appShape, nodeId, repoShape } from './shapes.js';

function suiteStatus(sim: Sim, suite: CheckSuite): { status: string; conclusion: string | null } {
  const runs = [...sim.store.checkRuns.values()].filter((r) => r.suiteId === suite.id);
  if (runs.length === 0 || runs.some((r) => r.status !== 'completed')) return { status: runs.length ? 'in_progress' : 'queued', conclusion: null };
  const order = ['action_required', 'cancelled', 'timed_out', 'failure', 'neutral', 'success', 'skipped', 'stale'];
  const conclusion = order.find((c) => runs.some((r) => r.conclusion === c)) ?? 'success';
  return { status: 'completed', conclusion };
}

function pullRefs(sim: Sim, repo: Repo, headSha: string): Record<string, unknown>[] {
  return sim.store.pullsOf(repo.id).filter((p) => p.head.sha === headSha && sim.store.issue(repo.id, p.number)?.state === 'open')
    .map((p) => ({
      id: p.id, number: p.number, url: `${sim.url}/repos/${repo.owner}/${repo.name}/pulls/${p.number}`,
      head: { ref: p.head.ref, sha: p.head.sha, repo: { id: repo.id, url: `${sim.url}/repos/${repo.owner}/${repo.name}`, name: repo.name } },
      base: { ref: p.base.ref, sha: p.base.sha, repo: { id: repo.id, url: `${sim.url}/repos/${repo.owner}/${repo.name}`, name: repo.name } },
    }));
}

/** The check suite as embedded in a check run. */
function suiteRef(sim: Sim, repo: Repo, suite: CheckSuite): Record<string, unknown> {
  const { status, conclusion } = suiteStatus(sim, suite);
  return {
    id: suite.id, node_id: nodeId('CheckSuite', suite.id), head_branch: suite.headBranch, head_sha: suite.headSha, status, conclusion,
    url: `${sim.url}/repos/${repo.owner}/${repo.name}/check-suites/${suite.id}`, before: null, after: suite.headSha,
    pull_requests: pullRefs(sim, repo, suite.headSha), app: appShape(sim), created_at: suite.createdAt, updated_at: suite.updatedAt,
  };
}

export function checkRunShape(sim: Sim, repo: Repo, run: CheckRun): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const suite = sim.store.checkSuites.get(run.suiteId)!;
  return {
    id: run.id, node_id: nodeId('CheckRun', run.id), head_sha: run.headSha, external_id: run.externalId ?? '',
    url: `${api}/check-runs/${run.id}`, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${sim.webUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
    status: run.status, conclusion: run.conclusion, started_at: run.startedAt, completed_at: run.completedAt,
    output: {
      title: run.output.title, summary: run.output.summary, text: run.output.text,
      annotations_count: run.output.annotations.length, annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name, check_suite: suiteRef(sim, repo, suite), app: appShape(sim), pull_requests: pullRefs(sim, repo, run.headSha),
  };
}

/** The check suite as the check_suite webhook carries it. */
export function checkSuiteShape(sim: Sim, repo: Repo, suite: CheckSuite, before: string | null): Record<string, unknown> {
  const ref = suiteRef(sim, repo, suite);
  const runs = [...sim.store.checkRuns.values()].filter((r) => r.suiteId === suite.id);
  return {
    ...ref, before, latest_check_runs_count: runs.length, check_runs_url: `${ref.url as string}/check-runs`, rerequestable: true,
    runs_rerequestable: true, head_commit: headCommitSimple(repo, suite.headSha),
  };
}

/** The check suite as the REST API returns it (GET check-suites/{id}, commits/{ref}/check-suites). */
export function suiteRestShape(sim: Sim, repo: Repo, suite: CheckSuite): Record<string, unknown> {
  return { ...checkSuiteShape(sim, repo, suite, null), repository: repoShape(sim, repo) };
}

// A job of a workflow run as the simulator records it, and its shape for the REST API (the `job` schema
// of GitHub's description). The log (masked) is kept beside it, never in the REST shape.
import { nodeId } from '../api/shapes.js';
import type { Sim } from '../sim.js';
import type { Repo, WorkflowRun } from '../state/types.js';

export type Conclusion = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface JobStep {
  readonly number: number;
  readonly name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: Conclusion | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface WorkflowJob {
  readonly id: number;
  readonly runId: number;
  /** The job's key in the workflow file (`jobs.<key>`). */
  readonly key: string;
  readonly name: string;
  readonly matrix: Record<string, unknown>;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: Conclusion | null;
  readonly createdAt: string;
  startedAt: string;
  completedAt: string | null;
  readonly steps: JobStep[];
  /** stdout and stderr of every step, secrets masked as ***. */
  log: string;
  /** Why the job failed, when the simulator decided it (an unsupported action, a bad expression). */
  failure?: string;
  outputs: Record<string, string>;
  /** The job's checkout (GITHUB_WORKSPACE), kept until the simulator closes. */
  workspace?: string;
}

export function jobShape(sim: Sim, repo: Repo, run: WorkflowRun, job: WorkflowJob): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  return {
    id: job.id, run_id: run.id, run_url: `${api}/actions/runs/${run.id}`, run_attempt: 1, node_id: nodeId('CheckRun', job.id),
    head_sha: run.headSha, url: `${api}/actions/jobs/${job.id}`, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status, conclusion: job.conclusion, created_at: job.createdAt, started_at: job.startedAt, completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map((s) => ({ name: s.name, status: s.status, conclusion: s.conclusion, number: s.number, started_at: s.startedAt, completed_at: s.completedAt })),
    check_run_url: `${api}/check-runs/${job.id}`, labels: ['ubuntu-latest'], runner_id: 1, runner_name: 'playground',
    runner_group_id: 1, runner_group_name: 'playground', workflow_name: run.workflowName, head_branch: run.headBranch,
  };
}

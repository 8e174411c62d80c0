// Shapes of workflows and workflow runs, valid for the REST API and the workflow_run webhooks.
import { nodeId, repoShape, userShape } from '../api/shapes.js';
import type { Commit } from '../git/objects.js';
import type { Sim } from '../sim.js';
import type { Repo, WorkflowRun } from '../state/types.js';
import type { WorkflowFile } from './workflows.js';

export function workflowId(repo: Repo, path: string): number {
  let h = 0;
  for (const ch of `${repo.id}:${path}`) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000;
  return 10_000_000 + h;
}

export function workflowShape(sim: Sim, repo: Repo, wf: WorkflowFile): Record<string, unknown> {
  const id = workflowId(repo, wf.path);
  const html = `${sim.webUrl}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${wf.path}`;
  return {
    id, node_id: nodeId('Workflow', id), name: wf.name, path: wf.path, state: 'active', created_at: repo.createdAt, updated_at: repo.createdAt,
    url: `${sim.url}/repos/${repo.owner}/${repo.name}/actions/workflows/${id}`, html_url: html,
    badge_url: `${sim.webUrl}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(wf.name)}/badge.svg`,
  };
}

const LITE_KEYS = ['archive_url', 'assignees_url', 'blobs_url', 'branches_url', 'collaborators_url', 'comments_url', 'commits_url',
  'compare_url', 'contents_url', 'contributors_url', 'deployments_url', 'description', 'downloads_url', 'events_url', 'fork',
  'forks_url', 'full_name', 'git_commits_url', 'git_refs_url', 'git_tags_url', 'hooks_url', 'html_url', 'id', 'issue_comment_url',
  'issue_events_url', 'issues_url', 'keys_url', 'labels_url', 'languages_url', 'merges_url', 'milestones_url', 'name', 'node_id',
  'notifications_url', 'owner', 'private', 'pulls_url', 'releases_url', 'stargazers_url', 'statuses_url', 'subscribers_url',
  'subscription_url', 'tags_url', 'teams_url', 'trees_url', 'url'];

export function repoLiteShape(sim: Sim, repo: Repo): Record<string, unknown> {
  const full = repoShape(sim, repo);
  return Object.fromEntries(LITE_KEYS.map((k) => [k, full[k]]));
}

/** The pull request a pull_request run belongs to, in GitHub's minimal form (other runs: none). */
function pullRequestsOf(sim: Sim, repo: Repo, run: WorkflowRun): Record<string, unknown>[] {
  const n = /^refs\/pull\/(\d+)\/merge$/.exec(run.ref)?.[1];
  const pull = n === undefined ? undefined : sim.store.pull(repo.id, Number(n));
  if (!pull) return [];
  const repoRef = { id: repo.id, url: `${sim.url}/repos/${repo.owner}/${repo.name}`, name: repo.name };
  return [{
    id: pull.id, number: pull.number, url: `${sim.url}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
    head: { ref: pull.head.ref, sha: run.headSha, repo: repoRef }, base: { ref: pull.base.ref, sha: pull.base.sha, repo: repoRef },
  }];
}

export function workflowRunShape(sim: Sim, repo: Repo, run: WorkflowRun, wf: WorkflowFile, commit: Commit): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
  const suiteId = run.id + 1;
  const id = workflowId(repo, wf.path);
  const time = (t: number) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: run.id, node_id: nodeId('WorkflowRun', run.id), name: wf.name, display_title: commit.message.split('\n')[0] ?? wf.name,
    head_branch: run.headBranch ?? '', head_sha: run.headSha, path: wf.path, run_number: run.runNumber, run_attempt: 1, event: run.event,
    status: run.status, conclusion: run.conclusion, workflow_id: id, check_suite_id: suiteId, check_suite_node_id: nodeId('CheckSuite', suiteId),
    url: api, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}`, pull_requests: pullRequestsOf(sim, repo, run),
    created_at: run.createdAt, updated_at: run.updatedAt, run_started_at: run.createdAt, actor: userShape(sim, run.actor),
    triggering_actor: userShape(sim, run.actor), jobs_url: `${api}/jobs`, logs_url: `${api}/logs`,
    check_suite_url: `${sim.url}/repos/${repo.owner}/${repo.name}/check-suites/${suiteId}`, artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`, rerun_url: `${api}/rerun`, previous_attempt_url: null,
    workflow_url: `${sim.url}/repos/${repo.owner}/${repo.name}/actions/workflows/${id}`,
    head_commit: {
      id: run.headSha, tree_id: commit.tree, message: commit.message.replace(/\n$/, ''), timestamp: time(commit.committer.time),
      author: { name: commit.author.name, email: commit.author.email }, committer: { name: commit.committer.name, email: commit.committer.email },
    },
    repository: repoLiteShape(sim, repo), head_repository: repoLiteShape(sim, repo),
  };
}

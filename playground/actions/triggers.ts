// Workflow triggers, the way GitHub Actions starts workflows: a push of a branch or tag, a pull request
// (opened, synchronize, reopened) or a workflow_dispatch is matched against the repository's workflow
// files at that commit; each match is recorded as a workflow run (with workflow_run webhooks) and run:
// by the local handler registered for that workflow file when there is one (register, for callers that
// play the runner in-process), otherwise for real by executor.ts (the file's jobs and `run:` steps with
// bash in a fresh clone). Jobs, their masked logs and the repository's secrets live here too.
import { basename, join } from 'node:path';
import { readCommit } from '../git/history.js';
import { ZERO_SHA } from '../git/refs.js';
import { resolveCommit } from '../api/resolve.js';
import { issueToken } from '../server/auth.js';
import type { Sim } from '../sim.js';
import type { RefChange } from '../state/repos.js';
import type { Pull, Repo, WorkflowRun } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { executeWorkflow } from './executor.js';
import type { WorkflowJob } from './job-state.js';
import { tokenPermissions, type DefaultWorkflowPermissions } from './permissions.js';
import { SecretStore } from './secrets.js';
import { workflowRunShape, workflowShape } from './shapes.js';
import { dispatchable, pullRequestTriggers, pushTriggers, readWorkflows, type WorkflowFile } from './workflows.js';

export type WorkflowEvent = 'push' | 'workflow_dispatch' | 'pull_request';

export interface WorkflowContext {
  readonly repository: { readonly owner: string; readonly name: string };
  readonly workflow: string;
  readonly event: WorkflowEvent;
  /** refs/heads/..., refs/tags/... or refs/pull/<n>/merge */
  readonly ref: string;
  readonly sha: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly runId: number;
  /** A token for this repository, like GITHUB_TOKEN (REST API and git over HTTP). */
  readonly token: string;
  readonly apiUrl: string;
  readonly gitUrl: string;
  /** Sets a secret of the repository, as its admin would in the settings, before runFile (handlers that prepare a run). */
  readonly setSecret: (name: string, value: string) => void;
  /** Runs the workflow file's own jobs and steps, as the simulator does when no handler is registered. */
  readonly runFile: () => Promise<{ readonly conclusion: 'success' | 'failure'; readonly jobs: readonly WorkflowJob[] }>;
}

/** Returns the run's conclusion; a thrown error concludes it as failure. */
export type WorkflowHandler = (ctx: WorkflowContext) => Promise<'success' | 'failure' | void>;

export const ACTIONS_BOT = 'github-actions[bot]';

interface Trigger {
  readonly event: WorkflowEvent;
  readonly ref: string;
  readonly sha: string;
  readonly inputs: Record<string, unknown>;
  readonly actor: string;
  readonly payload: Record<string, unknown>;
  readonly headRef?: string;
  readonly baseRef?: string;
  /** A pull request whose head lives in a fork: a read-only token and no secrets, as on GitHub. */
  readonly fromFork?: boolean;
}

export class Actions {
  private readonly handlers = new Map<string, WorkflowHandler>();
  private readonly running = new Set<Promise<void>>();
  private runNumbers = new Map<string, number>();
  readonly jobs = new Map<number, WorkflowJob>();
  readonly secrets = new SecretStore();
  private readonly defaultPermissions = new Map<number, DefaultWorkflowPermissions>();

  constructor(private readonly sim: Sim) {}

  /** Registers a local handler for a workflow file name (e.g. "migration-runner.yml"), run instead of the file's steps. */
  register(workflowFile: string, handler: WorkflowHandler): void {
    this.handlers.set(basename(workflowFile), handler);
  }

  /** A repository's Actions secret (owner/name), as a person with admin rights sets it in the settings. */
  setSecret(fullName: string, name: string, value: string): void {
    const [owner, repoName] = fullName.split('/');
    const repo = this.sim.store.repo(owner ?? '', repoName ?? '');
    if (!repo) throw new Error(`no repository ${fullName}`);
    this.secrets.set(repo.id, name, value, this.sim.store.now());
  }

  /**
   * The repository's "Workflow permissions" setting (Settings > Actions > General), what GITHUB_TOKEN may do
   * in a workflow that declares no `permissions:`: 'read' (GitHub's default for new repositories) or 'write'.
   */
  setDefaultWorkflowPermissions(fullName: string, level: DefaultWorkflowPermissions): void {
    const [owner, repoName] = fullName.split('/');
    const repo = this.sim.store.repo(owner ?? '', repoName ?? '');
    if (!repo) throw new Error(`no repository ${fullName}`);
    this.defaultPermissions.set(repo.id, level);
  }

  defaultWorkflowPermissions(repo: Repo): DefaultWorkflowPermissions {
    return this.defaultPermissions.get(repo.id) ?? 'read';
  }

  get runs(): WorkflowRun[] {
    return [...this.sim.store.workflowRuns.values()].sort((a, b) => a.id - b.id);
  }

  jobsOf(runId: number): WorkflowJob[] {
    return [...this.jobs.values()].filter((j) => j.runId === runId).sort((a, b) => a.id - b.id);
  }

  /** The run's logs, job by job, with every secret masked as ***. */
  log(runId: number): string {
    return this.jobsOf(runId).map((j) => `=== ${j.name} (${j.conclusion ?? j.status})\n${j.log}`).join('\n');
  }

  /** Resolves when every started run has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  onPush(repo: Repo, change: RefChange, pusher: string): void {
    if (change.after === ZERO_SHA) return;
    const sha = resolveCommit(repo, change.after);
    if (!sha) return;
    const payload = { ref: change.ref, before: change.before, after: change.after, repository: this.repoPayload(repo), pusher: { name: pusher } };
    for (const wf of readWorkflows(repo, sha)) {
      if (pushTriggers(wf, change.ref)) this.start(repo, wf, { event: 'push', ref: change.ref, sha, inputs: {}, actor: pusher, payload });
    }
    const branch = /^refs\/heads\/(.+)$/.exec(change.ref)?.[1];
    if (!branch) return;
    for (const pull of this.sim.store.pullsOf(repo.id)) {
      if (pull.head.ref === branch && pull.head.sha === change.after && this.sim.store.issue(repo.id, pull.number)?.state === 'open') {
        this.onPullRequest(repo, pull, 'synchronize', pusher);
      }
    }
  }

  /** pull_request: the workflows at the pull request's head whose filters match run with ref refs/pull/<n>/merge. */
  onPullRequest(repo: Repo, pull: Pull, action: 'opened' | 'synchronize' | 'reopened', actor: string): void {
    const payload = {
      action, number: pull.number, repository: this.repoPayload(repo),
      pull_request: { number: pull.number, head: { ref: pull.head.ref, sha: pull.head.sha }, base: { ref: pull.base.ref, sha: pull.base.sha } },
    };
    for (const wf of readWorkflows(repo, pull.head.sha)) {
      if (!pullRequestTriggers(wf, action, pull.base.ref)) continue;
      this.start(repo, wf, {
        event: 'pull_request', ref: `refs/pull/${pull.number}/merge`, sha: pull.head.sha, inputs: {}, actor, payload, headRef: pull.head.ref, baseRef: pull.base.ref,
        fromFork: pull.head.repoId !== undefined && pull.head.repoId !== repo.id,
      });
    }
  }

  /** workflow_dispatch: undefined when the workflow does not exist at ref, false when it has no such trigger. */
  dispatch(repo: Repo, workflowId: string, ref: string, inputs: Record<string, unknown>, actor: string): WorkflowRun | undefined | false {
    const fullRef = ref.startsWith('refs/') ? ref : resolveCommit(repo, `refs/heads/${ref}`) ? `refs/heads/${ref}` : `refs/tags/${ref}`;
    const sha = resolveCommit(repo, fullRef);
    if (!sha) return undefined;
    const wf = readWorkflows(repo, sha).find((w) => basename(w.path) === basename(workflowId));
    if (!wf) return undefined;
    if (!dispatchable(wf)) return false;
    return this.start(repo, wf, { event: 'workflow_dispatch', ref: fullRef, sha, inputs, actor, payload: { ref: fullRef, inputs, repository: this.repoPayload(repo) } });
  }

  private repoPayload(repo: Repo): Record<string, unknown> {
    return { full_name: `${repo.owner}/${repo.name}`, name: repo.name, owner: { login: repo.owner }, default_branch: repo.defaultBranch };
  }

  private start(repo: Repo, wf: WorkflowFile, t: Trigger): WorkflowRun {
    const { sim } = this;
    const key = `${repo.id}:${wf.path}`;
    const runNumber = (this.runNumbers.get(key) ?? 0) + 1;
    this.runNumbers.set(key, runNumber);
    const now = sim.store.now();
    const run: WorkflowRun = {
      id: sim.store.nextId(), repoId: repo.id, runNumber, workflowPath: wf.path, workflowName: wf.name,
      // The store's type predates pull_request runs; the REST and webhook shapes take any event name.
      event: t.event as WorkflowRun['event'],
      headBranch: t.headRef ?? t.ref.replace(/^refs\/(heads|tags)\//, ''), headSha: t.sha, ref: t.ref, actor: t.actor, inputs: t.inputs,
      status: 'queued', conclusion: null, createdAt: now, updatedAt: now,
    };
    sim.store.workflowRuns.set(run.id, run);
    const announce = (action: string) => emitRepoEvent(sim, repo, 'workflow_run', t.actor, {
      action, workflow: workflowShape(sim, repo, wf), workflow_run: workflowRunShape(sim, repo, run, wf, readCommit(repo.dir, t.sha)!),
    });
    announce('requested');
    const handler = this.handlers.get(basename(wf.path));
    if (!handler && !wf.doc?.jobs) return run;
    repo.collaborators.add(ACTIONS_BOT);
    // GITHUB_TOKEN: one per job, scoped by `permissions:` (the handler's is the workflow's); the API and git
    // over HTTP check its permissions as they check an app installation token's.
    const mint = (jobPermissions?: unknown) => {
      const permissions = tokenPermissions({ workflow: wf.doc?.permissions, job: jobPermissions, repositoryDefault: this.defaultWorkflowPermissions(repo), fromFork: t.fromFork });
      const issued = issueToken(sim, { kind: 'user', login: ACTIONS_BOT, permissions }, 'ghu_');
      return { token: issued.token, revoke: () => { sim.store.tokens.delete(issued.token); } };
    };
    let token: { token: string } = { token: '' };
    let invalid: string | undefined;
    try {
      token = mint();
    } catch (e) {
      invalid = (e as Error).message;
    }
    const runFile = async () => {
      const conclusion = await executeWorkflow({
        runId: run.id, runNumber, workflowName: wf.name, workflowPath: wf.path, doc: wf.doc ?? {}, event: t.event, eventPayload: t.payload,
        ref: t.ref, sha: t.sha, headRef: t.headRef, baseRef: t.baseRef, actor: t.actor, repository: `${repo.owner}/${repo.name}`,
        mintToken: mint, secrets: t.fromFork ? {} : this.secrets.values(repo.id), inputs: t.inputs, serverUrl: sim.webUrl, apiUrl: sim.url,
        dir: join(sim.dataDir, 'actions', `run-${run.id}`), now: () => sim.store.now(), nextId: () => sim.store.nextId(),
        onJob: (j) => { this.jobs.set(j.id, j); },
      });
      return { conclusion, jobs: this.jobsOf(run.id) };
    };
    const job = (async () => {
      await Promise.resolve();
      run.status = 'in_progress';
      run.updatedAt = sim.store.now();
      announce('in_progress');
      let conclusion: 'success' | 'failure' = 'success';
      try {
        // GitHub does not run a workflow whose permissions are invalid.
        if (invalid) throw new Error(invalid);
        conclusion = handler
          ? (await handler({
            repository: { owner: repo.owner, name: repo.name }, workflow: wf.path, event: t.event, ref: t.ref, sha: t.sha, inputs: t.inputs,
            actor: t.actor, runId: run.id, token: token.token, apiUrl: sim.url, gitUrl: sim.webUrl, runFile: async () => runFile(),
            setSecret: (name, value) => { this.secrets.set(repo.id, name, value, sim.store.now()); },
          })) ?? 'success'
          : (await runFile()).conclusion;
      } catch {
        conclusion = 'failure';
      }
      run.status = 'completed';
      run.conclusion = conclusion;
      run.updatedAt = sim.store.now();
      announce('completed');
    })();
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return run;
  }
}

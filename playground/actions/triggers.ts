// Workflow triggers, the way GitHub Actions starts workflows: a push of a branch or tag, or a
// workflow_dispatch, is matched against the repository's workflow files at that commit; each match is
// recorded as a workflow run (with workflow_run webhooks) and, when a local handler is registered for that
// workflow file (the runner, in the demo and end-to-end tests), the handler runs it.
import { basename } from 'node:path';
import { readCommit } from '../git/history.js';
import { ZERO_SHA } from '../git/refs.js';
import { resolveCommit } from '../api/resolve.js';
import { issueToken } from '../server/auth.js';
import type { Sim } from '../sim.js';
import type { RefChange } from '../state/repos.js';
import type { Repo, WorkflowRun } from '../state/types.js';
import { emitRepoEvent } from '../webhooks/events.js';
import { workflowRunShape, workflowShape } from './shapes.js';
import { dispatchable, pushTriggers, readWorkflows, type WorkflowFile } from './workflows.js';

export interface WorkflowContext {
  readonly repository: { readonly owner: string; readonly name: string };
  readonly workflow: string;
  readonly event: 'push' | 'workflow_dispatch';
  /** refs/heads/... or refs/tags/... */
  readonly ref: string;
  readonly sha: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly runId: number;
  /** A token for this repository, like GITHUB_TOKEN (REST API and git over HTTP). */
  readonly token: string;
  readonly apiUrl: string;
  readonly gitUrl: string;
}

/** Returns the run's conclusion; a thrown error concludes it as failure. */
export type WorkflowHandler = (ctx: WorkflowContext) => Promise<'success' | 'failure' | void>;

export const ACTIONS_BOT = 'github-actions[bot]';

export class Actions {
  private readonly handlers = new Map<string, WorkflowHandler>();
  private readonly running = new Set<Promise<void>>();
  private runNumbers = new Map<string, number>();

  constructor(private readonly sim: Sim) {}

  /** Registers the local handler for a workflow file name (e.g. "migration-runner.yml"). */
  register(workflowFile: string, handler: WorkflowHandler): void {
    this.handlers.set(basename(workflowFile), handler);
  }

  get runs(): WorkflowRun[] {
    return [...this.sim.store.workflowRuns.values()].sort((a, b) => a.id - b.id);
  }

  /** Resolves when every started run has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  onPush(repo: Repo, change: RefChange, pusher: string): void {
    if (change.after === ZERO_SHA) return;
    const sha = resolveCommit(repo, change.after);
    if (!sha) return;
    for (const wf of readWorkflows(repo, sha)) {
      if (pushTriggers(wf, change.ref)) this.start(repo, wf, 'push', change.ref, sha, {}, pusher);
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
    return this.start(repo, wf, 'workflow_dispatch', fullRef, sha, inputs, actor);
  }

  private start(repo: Repo, wf: WorkflowFile, event: 'push' | 'workflow_dispatch', ref: string, sha: string,
    inputs: Record<string, unknown>, actor: string): WorkflowRun {
    const { sim } = this;
    const key = `${repo.id}:${wf.path}`;
    const runNumber = (this.runNumbers.get(key) ?? 0) + 1;
    this.runNumbers.set(key, runNumber);
    const now = sim.store.now();
    const run: WorkflowRun = {
      id: sim.store.nextId(), repoId: repo.id, runNumber, workflowPath: wf.path, workflowName: wf.name, event, headBranch: ref.replace(/^refs\/(heads|tags)\//, ''),
      headSha: sha, ref, actor, inputs, status: 'queued', conclusion: null, createdAt: now, updatedAt: now,
    };
    sim.store.workflowRuns.set(run.id, run);
    const announce = (action: string) => emitRepoEvent(sim, repo, 'workflow_run', actor, {
      action, workflow: workflowShape(sim, repo, wf), workflow_run: workflowRunShape(sim, repo, run, wf, readCommit(repo.dir, sha)!),
    });
    announce('requested');
    const handler = this.handlers.get(basename(wf.path));
    if (!handler) return run;
    const token = issueToken(sim, { kind: 'user', login: ACTIONS_BOT }, 'ghu_');
    repo.collaborators.add(ACTIONS_BOT);
    const job = (async () => {
      await Promise.resolve();
      run.status = 'in_progress';
      run.updatedAt = sim.store.now();
      announce('in_progress');
      let conclusion: 'success' | 'failure' = 'success';
      try {
        conclusion = (await handler({
          repository: { owner: repo.owner, name: repo.name }, workflow: wf.path, event, ref, sha, inputs, actor, runId: run.id,
          token: token.token, apiUrl: sim.url, gitUrl: sim.webUrl,
        })) ?? 'success';
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

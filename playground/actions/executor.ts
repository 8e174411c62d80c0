// Runs a whole workflow run: the jobs in the order their `needs` allow (jobs whose needs are met run side
// by side), each matrix combination as a job of its own, with the contexts and environment GitHub Actions
// provides. A job whose needs did not all succeed is skipped unless its `if:` says otherwise. The run
// concludes failure when any job failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { condition, expandValue, type ExpressionScope, type Value } from './expressions.js';
import { Masker } from './files.js';
import type { WorkflowJob } from './job-state.js';
import { runJob } from './job.js';
import { expandMatrix, matrixJobName } from './matrix.js';

export interface RunSetting {
  readonly runId: number;
  readonly runNumber: number;
  readonly workflowName: string;
  readonly workflowPath: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed workflow file
  readonly doc: Record<string, any>;
  readonly event: string;
  readonly eventPayload: Record<string, unknown>;
  readonly ref: string;
  readonly sha: string;
  readonly headRef?: string;
  readonly baseRef?: string;
  readonly actor: string;
  readonly repository: string;
  /**
   * A GITHUB_TOKEN for one job, scoped by the job's `permissions:` (else the workflow's, else the repository's
   * default; actions/permissions.ts); revoked when the job ends, as GitHub's expires. Throws on a bad value.
   */
  readonly mintToken: (jobPermissions: unknown) => { readonly token: string; readonly revoke: () => void };
  readonly secrets: Record<string, string>;
  readonly inputs: Record<string, unknown>;
  readonly serverUrl: string;
  readonly apiUrl: string;
  /** A folder of the run's own. */
  readonly dir: string;
  readonly now: () => string;
  readonly nextId: () => number;
  /** Records a job (called once per job, before it starts) and after every change. */
  readonly onJob: (job: WorkflowJob) => void;
}

function needsOf(def: Record<string, unknown>): string[] {
  const n = def.needs;
  return Array.isArray(n) ? n.map(String) : typeof n === 'string' ? [n] : [];
}

/** Expressions inside a matrix (a whole matrix or single axes written as `${{ fromJSON(...) }}`). */
function evaluateMatrix(matrix: unknown, scope: ExpressionScope): Record<string, Value> | null {
  const walk = (v: unknown): Value => {
    if (typeof v === 'string') return expandValue(v, scope);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return (v ?? null) as Value;
  };
  const out = walk(matrix);
  return out && typeof out === 'object' && !Array.isArray(out) ? out : null;
}

export async function executeWorkflow(s: RunSetting): Promise<'success' | 'failure'> {
  const jobs = (s.doc.jobs ?? {}) as Record<string, Record<string, unknown>>;
  const masker = new Masker();
  for (const v of Object.values(s.secrets)) masker.add(v);
  mkdirSync(s.dir, { recursive: true });
  const eventPath = join(s.dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(s.eventPayload, null, 2));
  const [owner] = s.repository.split('/');
  const refName = s.ref.replace(/^refs\/(heads|tags)\//, '');
  const github: Record<string, Value> = {
    ref: s.ref, ref_name: refName, ref_type: s.ref.startsWith('refs/tags/') ? 'tag' : 'branch', sha: s.sha,
    repository: s.repository, repository_owner: owner ?? '', event_name: s.event, event: s.eventPayload as Value, actor: s.actor,
    triggering_actor: s.actor, run_id: String(s.runId), run_number: String(s.runNumber), run_attempt: '1', workflow: s.workflowName,
    workflow_ref: `${s.repository}/${s.workflowPath}@${s.ref}`, server_url: s.serverUrl, api_url: s.apiUrl, graphql_url: `${s.apiUrl}/graphql`,
    head_ref: s.headRef ?? '', base_ref: s.baseRef ?? '', retention_days: '90',
  };
  const results = new Map<string, { result: 'success' | 'failure' | 'skipped'; outputs: Record<string, string> }>();
  const pending = new Set(Object.keys(jobs));
  for (const key of pending) {
    for (const n of needsOf(jobs[key]!)) if (!(n in jobs)) throw new Error(`job ${key} needs ${n}, which the workflow does not define`);
  }

  while (pending.size > 0) {
    const ready = [...pending].filter((k) => needsOf(jobs[k]!).every((n) => results.has(n)));
    if (ready.length === 0) throw new Error(`jobs ${[...pending].join(', ')} need each other`);
    await Promise.all(ready.map(async (key) => {
      pending.delete(key);
      const def = jobs[key]!;
      const needs: Record<string, Value> = Object.fromEntries(needsOf(def).map((n) => [n, { result: results.get(n)!.result, outputs: results.get(n)!.outputs }]));
      const needsFailed = needsOf(def).some((n) => results.get(n)!.result !== 'success');
      const base = { github: { ...github, job: key }, secrets: { ...s.secrets }, inputs: s.inputs as Value, needs, vars: {}, env: {}, strategy: {} };
      let combos: ReturnType<typeof expandMatrix> = [{}];
      let problem: string | undefined;
      let skip = false;
      try {
        skip = !condition(def.if, { contexts: base, jobFailed: needsFailed });
        const strategy = def.strategy as Record<string, unknown> | undefined;
        if (!skip && strategy?.matrix !== undefined) combos = expandMatrix(evaluateMatrix(strategy.matrix, { contexts: base }));
      } catch (e) {
        problem = (e as Error).message;
      }
      const outcome: { result: 'success' | 'failure' | 'skipped'; outputs: Record<string, string> } = { result: skip ? 'skipped' : 'success', outputs: {} };
      const runCombo = async (combo: Record<string, Value>, index: number) => {
        const now = s.now();
        const job: WorkflowJob = {
          id: s.nextId(), runId: s.runId, key, name: matrixJobName(String(def.name ?? key), combo), matrix: combo, status: skip ? 'completed' : 'in_progress',
          conclusion: skip ? 'skipped' : null, createdAt: now, startedAt: now, completedAt: skip ? now : null, steps: [], log: '', outputs: {},
        };
        s.onJob(job);
        if (skip) return;
        let token: ReturnType<RunSetting['mintToken']> | undefined;
        try {
          if (!problem) token = s.mintToken(def.permissions);
        } catch (e) {
          problem = (e as Error).message;
        }
        if (problem || !token) {
          Object.assign(job, { failure: problem, log: `Error: ${masker.mask(problem ?? '')}\n`, conclusion: 'failure' });
        } else {
          masker.add(token.token);
          const scoped = { ...base, github: { ...base.github, token: token.token }, secrets: { ...base.secrets, GITHUB_TOKEN: token.token } };
          const defaultEnv: Record<string, string> = {
            CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKFLOW: s.workflowName, GITHUB_WORKFLOW_REF: String(github.workflow_ref), GITHUB_RUN_ID: String(s.runId),
            GITHUB_RUN_NUMBER: String(s.runNumber), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: key, GITHUB_ACTOR: s.actor, GITHUB_TRIGGERING_ACTOR: s.actor,
            GITHUB_REPOSITORY: s.repository, GITHUB_REPOSITORY_OWNER: owner ?? '', GITHUB_EVENT_NAME: s.event, GITHUB_EVENT_PATH: eventPath,
            GITHUB_SHA: s.sha, GITHUB_REF: s.ref, GITHUB_REF_NAME: refName, GITHUB_REF_TYPE: String(github.ref_type), GITHUB_HEAD_REF: s.headRef ?? '',
            GITHUB_BASE_REF: s.baseRef ?? '', GITHUB_SERVER_URL: s.serverUrl, GITHUB_API_URL: s.apiUrl, GITHUB_GRAPHQL_URL: `${s.apiUrl}/graphql`,
            GITHUB_RETENTION_DAYS: '90', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', RUNNER_NAME: 'playground', RUNNER_ENVIRONMENT: 'github-hosted',
          };
          try {
            await runJob(job, def, {
              contexts: { ...scoped, matrix: combo, strategy: { 'job-index': index, 'job-total': combos.length } }, defaultEnv,
              workflowEnv: (s.doc.env ?? {}) as Record<string, unknown>, serverUrl: s.serverUrl, repository: s.repository, token: token.token,
              sha: s.sha, ref: s.ref, dir: join(s.dir, `job-${job.id}`), masker, now: s.now, onChange: () => s.onJob(job),
            });
          } catch (e) {
            Object.assign(job, { failure: (e as Error).message, log: `${job.log}Error: ${masker.mask((e as Error).message)}\n`, conclusion: 'failure' });
          } finally {
            token.revoke();
          }
        }
        Object.assign(job, { status: 'completed', completedAt: s.now() });
        s.onJob(job);
        if (job.conclusion !== 'success') outcome.result = 'failure';
        Object.assign(outcome.outputs, job.outputs);
      };
      const limit = Math.max(1, Number((def.strategy as Record<string, unknown> | undefined)?.['max-parallel'] ?? 4));
      for (let i = 0; i < combos.length; i += limit) await Promise.all(combos.slice(i, i + limit).map((c, j) => runCombo(c, i + j)));
      results.set(key, outcome);
    }));
  }
  return [...results.values()].some((r) => r.result === 'failure') ? 'failure' : 'success';
}

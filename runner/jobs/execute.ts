// `execute`, start to end. Numbered as they run; nothing writes before step 5.
//   1. the plan gate (tag, commit, signed plan; GitHub's commit verification when the env gives access);
//      a refusal writes nothing anywhere;
//   2. the plan's files at the tagged commit, connections from the default branch's config;
//   3. --dry-run: each step with its row estimate, then stop;
//   4. drift gate and pre-checks (read-only);
//   5. the steps (JobRunner), checkpointed under runs/v<N>/checkpoints/ of the artifact store (--artifact-store,
//      else MIGRATION_COPILOT_ARTIFACT_STORE, else artifact_store of the default branch's config);
//   6. reconciliation of every table of the plan's recon config (not for a single shard);
//   7. the execution report, then the publisher (artifact store, evidence PR when in a workflow) and the
//      report files in the repository folder.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { parseTable } from '../../core/plan/tables.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { Tolerances } from '../../core/recon/tolerance.js';
import { parseJson, validateDocument } from '../../core/schema/index.js';
import type { ExecutionReport, StepResult } from '../../core/types/generated.js';
import { openArtifactStore, type ArtifactStoreConfig } from '../artifacts/open.js';
import { ArtifactCheckpointStore } from '../checkpoints/store.js';
import { openConnection } from '../connectors/open.js';
import { checkDrift, refuseOnDrift } from '../drift/gate.js';
import { openGate } from '../gate/write-grant.js';
import { commitVerificationFromEnv } from '../github/commit-verification.js';
import { runPrechecks, refuseOnPrechecks } from '../prechecks/run.js';
import { evidenceFiles, githubFromEnv, publishRun } from '../publish/index.js';
import { ReconciliationRunner, type ReconOptions } from '../recon/runner.js';
import { Redactor } from '../secrets/redact.js';
import { Links, type JobContext, type Shard } from './context.js';
import type { Progress } from './progress.js';
import { DEFAULT_RETRY } from './retry.js';
import { readPlanFiles, type PlanFiles } from './plan-files.js';
import { runStep } from './steps.js';
import { dryRunLines } from './dry-run.js';

export interface ExecuteInput {
  readonly repoDir: string;
  readonly version: number;
  readonly dryRun?: boolean;
  readonly resume?: boolean;
  /** 1-based index of N. */
  readonly shard?: Shard;
  /** The artifact store's location (file:PATH, s3://…, gs://…), over the config's artifact_store. */
  readonly artifactStore?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress: Progress;
  readonly out: (line: string) => void;
  readonly now?: () => number;
}

export interface ExecuteResult {
  readonly report?: ExecutionReport;
  readonly recon?: ReconReport;
  /** 0 ok, 1 reconciliation found differences beyond tolerance. */
  readonly exitCode: 0 | 1;
}

export function connectionUri(files: PlanFiles, side: 'source' | 'target'): string {
  const name = files.plan[side].connection;
  const c = files.config.connections[name];
  if (!c) throw new CopilotError('INPUT_INVALID', `.migration/config.yml: no connection "${name}" (the plan's ${side})`, { hint: `add connections.${name} with url: env:NAME` });
  return c.url;
}

/** Steps 1 and 2: the gate (refusing with every failed check) and the files it vouches for. */
export async function gateAndFiles(input: Pick<ExecuteInput, 'repoDir' | 'version' | 'env' | 'out'>) {
  const gate = await openGate({ repoDir: input.repoDir, version: input.version, commitVerification: commitVerificationFromEnv(input.env as NodeJS.ProcessEnv) });
  for (const c of gate.result.checks) input.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${c.detail}`);
  if (!gate.grant || !gate.result.commit || !gate.result.signedPlan) {
    const failed = gate.result.checks.filter((c) => !c.ok).map((c) => c.id);
    throw new CopilotError('PLAN_REFUSED', `plan/v${input.version} refused by the plan gate: ${failed.join(', ')} (each FAIL above says why); nothing was written`);
  }
  const files = await readPlanFiles(input.repoDir, gate.result.commit, input.version, gate.result.signedPlan.policy_version);
  return { gate, grant: gate.grant, commit: gate.result.commit, signed: gate.result.signedPlan, files };
}

function tolerancesOf(files: PlanFiles): Tolerances {
  const p = files.policy.tolerances;
  const t = files.plan.tolerances;
  const pick = (k: keyof Tolerances) => ({ max: t[k]?.max ?? p[k].max, severity: t[k]?.severity ?? p[k].severity });
  return { row_count_diff_pct: pick('row_count_diff_pct'), checksum_mismatch_rows: pick('checksum_mismatch_rows'), null_rate_diff_pct: pick('null_rate_diff_pct'), aggregate_sum_rel_diff: pick('aggregate_sum_rel_diff') };
}

/** How a run reconciles: tolerances (the plan's over the policy's), PII rules and the plan's sampling. */
export function reconOptions(files: PlanFiles): ReconOptions {
  const sampling = files.plan.recon.sampling;
  return { tolerances: tolerancesOf(files), pii: files.policy.pii.rules, sample: { seed: sampling.seed, rate: sampling.rate } };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function execute(input: ExecuteInput): Promise<ExecuteResult> {
  const now = input.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  input.out(`plan gate for plan/v${input.version}:`);
  const { grant, commit, signed, files } = await gateAndFiles(input);
  input.out(`verified: plan/v${input.version} (${commit.slice(0, 12)}) may run`);

  if (input.dryRun) {
    for (const line of dryRunLines(files, input.shard)) input.out(line);
    input.out('dry run: nothing was written');
    return { exitCode: 0 };
  }

  const redactor = new Redactor();
  const sourceUri = connectionUri(files, 'source');
  const targetUri = connectionUri(files, 'target');
  const store = openArtifactStore(input.artifactStore ?? files.config.artifact_store as ArtifactStoreConfig, { baseDir: resolve(input.repoDir), env: input.env });
  const checkpoints = await ArtifactCheckpointStore.open(store, `runs/v${input.version}/checkpoints`);
  const existing = await checkpoints.list('');
  if (existing.length > 0 && !input.resume && !input.shard) {
    throw new CopilotError('USAGE', `plan/v${input.version} has already run here (checkpoints in ${checkpoints.location})`, {
      hint: 'pass --resume to continue that run: finished steps and chunks are skipped, nothing is loaded twice',
    });
  }
  const links = new Links(sourceUri, targetUri, input.env, redactor);
  const policyRetry = files.policy.retry;
  const ctx: JobContext = {
    plan: files.plan, planSha256: signed.plan_sha256, version: input.version, mapping: files.mapping, model: files.model,
    grant, links, checkpoints, progress: input.progress, now,
    retry: policyRetry ? { max_attempts: policyRetry.max_attempts, base_delay_ms: policyRetry.base_delay_ms, max_delay_ms: policyRetry.max_delay_ms } : DEFAULT_RETRY,
    ...(input.shard ? { shard: { index: input.shard.index - 1, count: input.shard.count } } : {}),
  };

  const steps: StepResult[] = [];
  let status: ExecutionReport['status'] = 'succeeded';
  let failure: unknown;
  let drift: ExecutionReport['drift'] = [];
  let prechecks: ExecutionReport['prechecks'] = [];
  try {
    const source = await links.source();
    const target = await links.target();
    drift = await checkDrift({ plan: files.plan, mapping: files.mapping, discovery: files.discovery, source: source.read, targetColumns: (t) => target.describe(parseTable(t)) });
    refuseOnDrift(drift);
    if (existing.length === 0) {
      prechecks = await runPrechecks(files.plan.prechecks ?? [], (side, sql) => side === 'source'
        ? source.read.query(sql).then((r) => (r[0] ? Object.values(r[0])[0] ?? null : null))
        : target.scalar(sql));
      refuseOnPrechecks(prechecks);
    }
    for (const step of files.plan.steps) {
      try {
        steps.push(await runStep(ctx, step));
      } catch (e) {
        const err = e instanceof CopilotError ? e : new CopilotError('INTERNAL', (e as Error).message, { cause: e });
        steps.push({ id: step.id, kind: step.kind, status: 'failed', attempts: 1, error: { code: err.code, message: redactor.redact(err.message) } });
        throw e;
      }
    }
  } catch (e) {
    status = 'failed';
    failure = e;
  } finally {
    await links.reset();
  }
  if (failure instanceof CopilotError && failure.code === 'PLAN_REFUSED') throw failure;

  let recon: ReconReport | undefined;
  if (status === 'succeeded' && !input.shard) {
    const source = await openConnection(sourceUri, input.env, redactor);
    const target = await openConnection(targetUri, input.env, redactor).catch(async (e) => { await source.close(); throw e; });
    try {
      const runner = new ReconciliationRunner(source, target, reconOptions(files));
      recon = await runner.run(files.plan.recon.tables.map((t) => ({
        source: parseTable(t.source_table), target: parseTable(t.target_table), key: [...t.key_columns],
        ...(t.columns ? { columns: [...t.columns] } : {}),
      })));
      input.out(`reconciliation: ${recon.summary.status}, ${recon.summary.passed} of ${recon.summary.tables} tables pass`);
    } finally {
      await source.close();
      await target.close();
    }
  }

  const report: ExecutionReport = {
    project_id: files.plan.project_id, plan_id: files.plan.plan_id, plan_version: input.version, plan_sha256: signed.plan_sha256,
    run_id: (input.env.GITHUB_RUN_ID ? `gh-${input.env.GITHUB_RUN_ID}` : `local-${startedAt.replace(/[^0-9]/g, '').slice(0, 17)}`) + (input.shard ? `-shard${input.shard.index}of${input.shard.count}` : ''),
    tag: `plan/v${input.version}`, commit_sha: commit, status, started_at: startedAt, finished_at: new Date(now()).toISOString(),
    ...(input.shard ? { shard: { index: input.shard.index, count: input.shard.count } } : {}),
    resumed: input.resume === true, checkpoint_store: checkpoints.location,
    inputs: files.inputs, drift, prechecks, steps,
  };
  const doc = parseJson(JSON.stringify(report), 'execution_report.json');
  const findings = validateDocument('execution_report', report, doc);
  if (findings.length > 0) throw new CopilotError('INTERNAL', `the execution report does not match its schema: ${findings[0]!.pointer} ${findings[0]!.message}`);

  // The evidence: the report files in the repository folder, then the artifact store and the evidence PR.
  const evidence = evidenceFiles(input.version, report, recon ? [recon] : []);
  for (const [path, text] of Object.entries(evidence)) {
    const file = input.shard ? path.replace('execution_report.json', `execution_report.shard-${input.shard.index}-of-${input.shard.count}.json`) : path;
    await writeAtomic(join(resolve(input.repoDir), file), text);
  }
  if (!input.shard) {
    const github = githubFromEnv(input.env);
    const published = await publishRun({ version: input.version, executionReport: report, reconReports: recon ? [recon] : [], store, ...(github ? { github } : {}) });
    if (published.pull) input.out(`evidence pull request: #${(published.pull as { number?: number }).number ?? '?'}`);
  }
  input.out(`execution report: runs/v${input.version}/execution_report.json (${status})`);
  if (failure) throw failure;
  return { report, ...(recon ? { recon } : {}), exitCode: recon && recon.summary.status === 'fail' ? 1 : 0 };
}

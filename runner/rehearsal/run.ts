// `execute --rehearse`: the plan of a pull request's head, before anyone signs it, run on a deterministic
// sample of the source (./sample.ts) into an embedded DuckDB in a fresh temporary folder, then reconciled
// (runner/recon) sample against load. In order:
//   1. the plan's files at HEAD; connections, artifact store and policy from the base branch;
//   2. the sample of every table a copy step reads (source only, read-only);
//   3. the drift gate on the source and the plan's source pre-checks (target pre-checks need the target:
//      they are named, not run);
//   4. the steps by the JobRunner itself (runner/jobs/steps.ts) into the scratch DuckDB, each copy in one
//      chunk; a run_model step's view, written for the plan's target, is translated to DuckDB first (./models.ts)
//      and is not run, with the reasons, where the translation would not mean the same;
//   5. reconciliation of every recon table whose source was sampled.
// The plan's target is never opened: the only writer is the scratch file's, with grants that exist for it
// alone (runner/gate/write-grant.ts, rehearsalGrants); the folder is removed at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { canonicalDigest } from '../../core/json/canonical.js';
import { parseTable, tableText } from '../../core/plan/tables.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { MigrationPlan, Step, StepResult } from '../../core/types/generated.js';
import { MemoryCheckpointStore } from '../checkpoints/store.js';
import type { ReadConnection } from '../connectors/connection.js';
import { openConnection } from '../connectors/open.js';
import { checkDrift } from '../drift/gate.js';
import { rehearsalGrants } from '../gate/write-grant.js';
import { runPrechecks } from '../prechecks/run.js';
import { ReconciliationRunner } from '../recon/runner.js';
import { Redactor } from '../secrets/redact.js';
import { Links, type JobContext } from '../jobs/context.js';
import { connectionUri, reconOptions } from '../jobs/execute.js';
import { headCommit, readUnsignedPlanFiles, type PlanFiles } from '../jobs/plan-files.js';
import type { Progress } from '../jobs/progress.js';
import { DEFAULT_RETRY } from '../jobs/retry.js';
import { runStep } from '../jobs/steps.js';
import { DEFAULT_SAMPLE, sampledConnection, sampledExtractor, sampledRelation, type SampleSpec } from './sample.js';
import { modelForDuckdb, type RehearsedModel } from './models.js';
import { scratchMapping } from './scratch-types.js';

export interface RehearseInput {
  readonly repoDir: string;
  /** The branch the pull request targets (GITHUB_BASE_REF); default main. */
  readonly baseBranch?: string;
  readonly sample?: Partial<Pick<SampleSpec, 'rate' | 'rows'>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress: Progress;
  readonly now?: () => number;
}

export interface RehearsedTable {
  readonly step: string;
  readonly source: string;
  readonly target: string;
  readonly sampled: number;
  readonly loaded: number | null;
}

/** A run_model step run in the scratch DuckDB: its view, and the rows it gives on the sample. */
export interface RehearsedModelRun {
  readonly step: string;
  readonly model: string;
  readonly view: string;
  readonly rows: number;
}

export interface RehearsalFailure {
  /** What failed: a step id, "drift", a pre-check id, "reconciliation". */
  readonly what: string;
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

export interface RehearsalResult {
  readonly commit: string;
  readonly plan: { readonly id: string; readonly version: number; readonly target: string };
  readonly sample: SampleSpec;
  readonly tables: readonly RehearsedTable[];
  readonly models: readonly RehearsedModelRun[];
  readonly steps: readonly StepResult[];
  /** Steps and checks the rehearsal could not run, with why. */
  readonly notes: readonly string[];
  readonly failures: readonly RehearsalFailure[];
  readonly recon?: ReconReport;
  readonly ok: boolean;
}

function failureOf(what: string, e: unknown, redactor: Redactor, hint: string): RehearsalFailure {
  const err = e instanceof CopilotError ? e : undefined;
  return { what, message: redactor.redact((e as Error).message), hint: redactor.redact(err?.hint ?? hint) };
}

/** Source column names of a copy step's key (the step names target columns). */
function sourceKey(files: PlanFiles, step: DeepReadonly<Step>): string[] {
  const m = files.mapping?.tables.find((t) => t.source === step.source_table && t.target === step.target_table);
  return (step.key_columns ?? m?.key_columns ?? []).map((k) => m?.columns.find((c) => c.target === k)?.source ?? k);
}

/** The plan as rehearsed: each copy in one chunk (the sample is small), nothing else changed. */
function rehearsalPlan(plan: DeepReadonly<MigrationPlan>): DeepReadonly<MigrationPlan> {
  return { ...plan, steps: plan.steps.map((s) => (s.kind === 'copy_table' ? { ...s, params: { ...s.params, chunk_rows: Number.MAX_SAFE_INTEGER } } : s)) };
}

export async function rehearse(input: RehearseInput): Promise<RehearsalResult> {
  const now = input.now ?? Date.now;
  const redactor = new Redactor();
  const commit = await headCommit(input.repoDir);
  const files = await readUnsignedPlanFiles(input.repoDir, commit, input.baseBranch || 'main');
  const plan = files.plan;
  const sample: SampleSpec = { seed: `mc-rehearsal:${plan.plan_id}`, rate: input.sample?.rate ?? DEFAULT_SAMPLE.rate, rows: input.sample?.rows ?? DEFAULT_SAMPLE.rows };
  const failures: RehearsalFailure[] = [];
  const notes: string[] = [];
  const steps: StepResult[] = [];
  const tables: RehearsedTable[] = [];
  const models: RehearsedModelRun[] = [];
  const copies = plan.steps.filter((s) => s.kind === 'copy_table' && s.source_table);
  const result = (recon?: ReconReport): RehearsalResult => ({
    commit, plan: { id: plan.plan_id, version: plan.version, target: plan.target.engine }, sample, tables, models, steps, notes, failures,
    ...(recon ? { recon } : {}), ok: failures.length === 0 && (!recon || recon.summary.status !== 'fail'),
  });

  const sourceUri = connectionUri(files, 'source');
  let source: ReadConnection;
  try {
    source = await openConnection(sourceUri, input.env, redactor);
  } catch (e) {
    failures.push(failureOf(`source (${files.plan.source.connection})`, e, redactor, 'the rehearsal reads the source: give the workflow its connection secret (read-only credentials are enough)'));
    return result();
  }
  const scratchDir = await mkdtemp(join(tmpdir(), 'mc-rehearsal-'));
  const scratchUri = `duckdb:${join(scratchDir, 'rehearsal.duckdb')}`;
  try {
    // 2. The samples, keyed by the source table's text.
    const samples = new Map<string, string>();
    for (const step of copies) {
      const table = parseTable(step.source_table!);
      if (samples.has(tableText(table))) continue;
      try {
        samples.set(tableText(table), await sampledRelation(source, table, sourceKey(files, step), sample));
      } catch (e) {
        failures.push(failureOf(step.id, e, redactor, 'check the step\'s source table and key columns against the source'));
      }
    }
    if (failures.length > 0) return result();

    // 3. Drift (source side: the scratch target is empty) and the source pre-checks.
    const drift = await checkDrift({ plan, mapping: files.mapping, discovery: files.discovery, source, targetColumns: async () => [] });
    for (const d of drift.filter((x) => !x.ok)) {
      failures.push({ what: 'drift', message: `${d.side} ${d.table}: ${(d.differences ?? []).join('; ')}`, hint: 'run discovery again, then update the mapping and the plan in this pull request' });
    }
    const prechecks = plan.prechecks ?? [];
    for (const p of prechecks.filter((x) => x.side !== 'source')) notes.push(`pre-check ${p.id} reads the target: not run in a rehearsal`);
    const results = await runPrechecks(prechecks.filter((x) => x.side === 'source'), (_side, sql) => source.query(sql).then((r) => (r[0] ? Object.values(r[0])[0] ?? null : null)));
    for (const r of results.filter((x) => !x.ok)) {
      failures.push({ what: `pre-check ${r.id}`, message: `expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`, hint: 'fix the pre-check in plans/migration_plan.json, or the source it describes' });
    }
    if (failures.length > 0) return result();

    // 4. The steps, by the JobRunner, into the scratch DuckDB.
    const rehearsed = rehearsalPlan(plan);
    const grant = rehearsalGrants(canonicalDigest(plan));
    const links = new Links(sourceUri, scratchUri, input.env, redactor, (e) => sampledExtractor(e, samples));
    // Models written for another engine, as the scratch DuckDB reads them (undefined: not rehearsed).
    const translated = new Map<string, RehearsedModel>();
    const modelSql = (path: string): RehearsedModel | undefined => {
      const sql = files.model(path);
      if (sql === undefined) return undefined;
      if (plan.target.engine === 'duckdb') return { sql };
      if (!translated.has(path)) translated.set(path, modelForDuckdb(sql, plan.target.engine));
      return translated.get(path);
    };
    const ctx: JobContext = {
      plan: rehearsed, planSha256: canonicalDigest(plan), version: plan.version, mapping: scratchMapping(files.mapping, plan.target.engine), model: (path) => modelSql(path)?.sql,
      grant, links, checkpoints: new MemoryCheckpointStore(), progress: input.progress, now, retry: DEFAULT_RETRY,
    };
    try {
      const scratch = await links.target();
      const schemas = [...new Set(plan.steps.map((s) => parseTable(s.target_table).schema).filter((s): s is string => !!s && s !== 'main'))];
      if (schemas.length > 0) await scratch.transaction(grant('schemas'), schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${scratch.dialect.quoteIdent(s)}`));
      for (const step of rehearsed.steps) {
        const reasons = step.kind === 'run_model' && step.model ? modelSql(step.model)?.reasons : undefined;
        if (reasons) {
          notes.push(`${step.id} runs ${step.model} written for ${plan.target.engine}, not rehearsed in DuckDB: ${reasons.join('; ')}`);
          continue;
        }
        try {
          steps.push(await runStep(ctx, step));
          if (step.kind === 'run_model' && step.model) {
            // Selecting from the view runs its query on the sample: a view can be created and still fail to run.
            const view = parseTable(step.target_table);
            const rows = await scratch.scalar(`SELECT count(*) FROM ${scratch.dialect.quoteTable(view)}`);
            models.push({ step: step.id, model: step.model, view: tableText(view), rows: Number(rows ?? 0) });
          }
        } catch (e) {
          failures.push(failureOf(step.id, e, redactor, step.kind === 'copy_table'
            ? 'check the step\'s mapping (contracts/schema_mapping.yml): column names, target types and casts'
            : 'check the step in plans/migration_plan.json'));
          break;
        }
      }
    } finally {
      await links.reset();
    }

    // Rows per copied table: the sample's size on the source, and what the step loaded.
    for (const step of copies) {
      const rel = samples.get(tableText(parseTable(step.source_table!)))!;
      const [row] = await source.query(`SELECT ${source.dialect.toText('count(*)')} AS n FROM ${rel}`);
      const done = steps.find((s) => s.id === step.id);
      tables.push({ step: step.id, source: step.source_table!, target: step.target_table, sampled: Number(row?.n ?? 0), loaded: done?.rows_written ?? null });
    }
    if (failures.length > 0) return result();

    // 5. Reconciliation: the sample on the source against the scratch tables.
    const recon = plan.recon.tables.filter((t) => samples.has(tableText(parseTable(t.source_table))));
    for (const t of plan.recon.tables.filter((x) => !recon.includes(x))) notes.push(`${t.source_table} is in the recon config but no copy step reads it: not reconciled`);
    if (recon.length === 0) return result();
    const target = await openConnection(scratchUri, input.env, redactor);
    try {
      const runner = new ReconciliationRunner(sampledConnection(source, samples), target, reconOptions(files));
      const report = await runner.run(recon.map((t) => ({
        source: parseTable(t.source_table), target: parseTable(t.target_table), key: [...t.key_columns], ...(t.columns ? { columns: [...t.columns] } : {}),
      })));
      if (report.summary.status === 'fail') {
        const bad = report.tables.filter((t) => t.status === 'fail').map((t) => t.source_table ?? '?');
        failures.push({ what: 'reconciliation', message: `differences beyond tolerance in ${bad.join(', ')}`, hint: 'read the differences below; fix the mapping (types, casts, rules) and push again' });
      }
      return result(report);
    } catch (e) {
      failures.push(failureOf('reconciliation', e, redactor, 'check the recon config of plans/migration_plan.json (tables, key columns)'));
      return result();
    } finally {
      await target.close();
    }
  } catch (e) {
    failures.push(failureOf('rehearsal', e, redactor, 'the message says what the rehearsal could not do; fix it and push again'));
    return result();
  } finally {
    await source.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
}

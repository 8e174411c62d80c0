// Proof by execution of translated views: each view runs on the source as the source defines it and on
// a scratch copy of the target engine as the RewriteAgent translated it (./scratch.ts: the same rows,
// the mapped types), and the project's recon engine compares the two results row by row, every column
// taking part in the key so that any difference shows as the rows present on one side only. A view is
// `proven` when the recon verdict passes, `differs` with the evidence rows when it does not, `failed`
// when the target rejects the translation or the two results cannot be compared. Nothing is accepted
// silently: only `proven` counts.
import { sha256Hex } from '../../core/json/canonical.js';
import type { ProofReport, ViewProof } from '../../core/plan/proofs.js';
import { parseTable } from '../../core/plan/tables.js';
import type { TransferColumn } from '../../core/plan/transfer.js';
import type { PiiRule } from '../../core/recon/pii.js';
import type { MigrationPlan, SchemaMapping } from '../../core/types/generated.js';
import type { ReadConnection } from '../connectors/connection.js';
import { ReconciliationRunner } from '../recon/runner.js';
import { buildScratch, type ScratchModel, type ScratchTable } from './scratch.js';

/** Evidence rows kept per side and view. */
const EVIDENCE_ROWS = 10;

export interface ProveRequest {
  readonly source: ReadConnection;
  /** CSV of a SELECT on the source (runner/connectors/extract.ts), when the engine offers one. */
  readonly csv?: (select: string) => AsyncIterable<Buffer>;
  readonly targetEngine: string;
  readonly scratchUri?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly plan: MigrationPlan;
  readonly mapping: SchemaMapping;
  /** The text of a model file by its repository path. */
  readonly modelText: (path: string) => string;
  readonly pii: readonly PiiRule[];
  readonly now: string;
}

type Step = MigrationPlan['steps'][number];

/** The tables the plan's models read (through other models too), with their mapping, in plan order. */
export function tablesForModels(plan: MigrationPlan, mapping: SchemaMapping): ScratchTable[] {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const reached = new Set<string>();
  // Through models and swaps down to the copy of each table read; not further (a copy's own
  // dependencies are the tables its foreign keys reference, which the views do not read).
  const visit = (id: string) => {
    if (reached.has(id)) return;
    reached.add(id);
    if (byId.get(id)?.kind === 'copy_table') return;
    for (const d of byId.get(id)?.depends_on ?? []) visit(d);
  };
  for (const s of plan.steps) if (s.kind === 'run_model') visit(s.id);
  const bySource = new Map(mapping.tables.map((t) => [t.source, t]));
  return plan.steps.filter((s): s is Step & { source_table: string } => s.kind === 'copy_table' && reached.has(s.id) && typeof s.source_table === 'string')
    .flatMap((s) => {
      const m = bySource.get(s.source_table);
      if (!m) return [];
      const columns: TransferColumn[] = m.columns.map((c) => ({ source: c.source, sourceType: c.source_type.toLowerCase(), target: c.target, targetType: c.target_type,
        ...(c.cast ? { cast: c.cast } : {}) }));
      return [{ source: parseTable(m.source), target: parseTable(m.target), key: [...m.key_columns], columns }];
    });
}

export async function proveViews(req: ProveRequest): Promise<ProofReport> {
  const modelSteps = req.plan.steps.filter((s) => s.kind === 'run_model' && s.model);
  const models: (ScratchModel & { view: string })[] = modelSteps.map((s) => ({ path: s.model!, statement: req.modelText(s.model!), view: s.target_table! }));
  const scratch = await buildScratch({ source: req.source, ...(req.csv ? { csv: req.csv } : {}), targetEngine: req.targetEngine, ...(req.scratchUri ? { scratchUri: req.scratchUri } : {}), env: req.env,
    tables: tablesForModels(req.plan, req.mapping), models });
  const views: ViewProof[] = [];
  try {
    const recon = new ReconciliationRunner(req.source, scratch.conn, { pii: req.pii, listLimit: EVIDENCE_ROWS, aggregates: false, sample: null, now: () => new Date(req.now) });
    for (const m of models) {
      const base = { view: m.view, model: m.path, model_sha256: sha256Hex(m.statement) };
      const failed = scratch.failedModels[m.path];
      if (failed !== undefined) {
        views.push({ ...base, status: 'failed', error: `the target rejects the translation: ${failed}` });
        continue;
      }
      const table = parseTable(m.view);
      try {
        const columns = await req.source.describe(table);
          const t = await recon.reconcileTable({ source: table, target: table, key: columns.map((c) => c.name) });
        const differing = t.differences.missing + t.differences.extra + t.differences.mismatched + t.differences.duplicates;
        const rows = { source: t.counts.source, target: t.counts.target };
        views.push(t.status === 'pass' && differing === 0
          ? { ...base, status: 'proven', rows }
          : { ...base, status: 'differs', rows, differing_rows: differing, only_in_source: t.missing_keys.slice(0, EVIDENCE_ROWS), only_in_target: t.extra_keys.slice(0, EVIDENCE_ROWS),
            ...(t.schema_differences.length > 0 ? { error: `column types differ: ${t.schema_differences.map((d) => `${d.column} ${d.source_type} vs ${d.target_type}`).join(', ')}` } : {}) });
      } catch (e) {
        views.push({ ...base, status: 'failed', error: `the results cannot be compared: ${(e as Error).message.split('\n')[0]!.slice(0, 300)}` });
      }
    }
  } finally {
    await scratch.drop();
  }
  return { source_engine: req.source.engine, target_engine: req.targetEngine, proven_at: req.now, copied: scratch.copied, views };
}

/** One line per view for people: what was proven and what was not. */
export function proofLines(r: ProofReport): string[] {
  return r.views.map((v) => `${v.status === 'proven' ? 'proven ' : v.status === 'differs' ? 'DIFFERS' : 'FAILED '} ${v.view} (${v.model})` +
    (v.rows ? `: ${v.rows.source} rows in the source, ${v.rows.target} in the target` : '') +
    (v.differing_rows !== undefined ? `, ${v.differing_rows} differing` : '') + (v.error ? `; ${v.error}` : ''));
}

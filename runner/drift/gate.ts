// The drift gate: before anything writes, every source table a copy step reads is compared with the
// discovery snapshot the plan was built from (discovery/discovery_report.json at the tagged commit), and
// every target table that already exists with the mapping's target columns. Any difference refuses the
// run, naming the table and the column.
import { CopilotError } from '../../core/errors.js';
import { parseTable } from '../../core/plan/tables.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { DiscoveryReport, DriftResult, MigrationPlan, SchemaMapping } from '../../core/types/generated.js';
import type { ReadConnection } from '../connectors/connection.js';
import { columnDrift } from './compare.js';

export interface DriftInput {
  readonly plan: DeepReadonly<MigrationPlan>;
  readonly mapping: DeepReadonly<SchemaMapping> | undefined;
  readonly discovery: DeepReadonly<DiscoveryReport> | undefined;
  readonly source: ReadConnection;
  /** Live columns of a target table (empty when it does not exist). */
  readonly targetColumns: (table: string) => Promise<readonly { name: string; dataType: string; scale: number | null }[]>;
}

const bare = (name: string) => name.split('.').at(-1)!;

export async function checkDrift(input: DriftInput): Promise<DriftResult[]> {
  const out: DriftResult[] = [];
  const copies = input.plan.steps.filter((s) => s.kind === 'copy_table' && s.source_table);
  for (const step of copies) {
    const name = step.source_table!;
    const snap = input.discovery?.tables.find((t) => t.name === name) ?? input.discovery?.tables.find((t) => bare(t.name) === bare(name));
    if (!snap) {
      out.push({ side: 'source', table: name, ok: false, differences: [`not in the discovery snapshot (discovery/discovery_report.json); run discovery again and re-plan`] });
      continue;
    }
    const live = await input.source.describe(parseTable(name));
    const differences = columnDrift(snap.columns.map((c) => ({ name: c.name, type: c.type })), live);
    out.push({ side: 'source', table: name, ok: differences.length === 0, ...(differences.length ? { differences } : {}) });
  }
  for (const step of copies) {
    const m = input.mapping?.tables.find((t) => t.source === step.source_table && t.target === step.target_table);
    if (!m) continue;
    const live = await input.targetColumns(step.target_table);
    if (live.length === 0) continue;
    const differences = columnDrift(m.columns.map((c) => ({ name: c.target, type: c.target_type })), live);
    out.push({ side: 'target', table: step.target_table, ok: differences.length === 0, ...(differences.length ? { differences } : {}) });
  }
  return out;
}

export function refuseOnDrift(results: readonly DriftResult[]): void {
  const bad = results.filter((r) => !r.ok);
  if (bad.length === 0) return;
  const lines = bad.map((r) => `  ${r.side} ${r.table}: ${(r.differences ?? []).join('; ')}`);
  throw new CopilotError('PLAN_REFUSED', `drift: the databases no longer match what the plan was built from:\n${lines.join('\n')}`, {
    hint: 'run discovery again, update the mapping and the plan, and sign a new plan version; nothing was written',
  });
}

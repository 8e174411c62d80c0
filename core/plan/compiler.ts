// The plan compiler: mapping + rewritten models + recon config + policy -> plans/migration_plan.json.
// Pure and deterministic: the same inputs give the same plan, byte for byte. Steps come in dependency
// order: every table is created, then copied after the tables its foreign keys reference (a cycle is
// broken by name), big tables split into key-range shards, and each model (a translated view) runs
// after the tables and models it reads. Tolerances are the recon config's, never looser than the policy.
import type { MigrationPlan, Policy, Project, SchemaMapping } from '../types/generated.js';
import type { DeepReadonly } from '../schema/readonly.js';
import { stepId, topologicalOrder } from './compiler-order.js';

export interface CompiledTable {
  /** Source schema.table of a mapped table. */
  readonly source: string;
  /** Source schema.table names this table references by foreign key. */
  readonly references: readonly string[];
  readonly rows: number | undefined;
  /** A partitioned source: its partition key, as the engine prints it. */
  readonly partitionKey?: string;
}

export interface CompiledModel {
  /** models/<schema>/<name>.sql */
  readonly path: string;
  /** The target relation the model creates. */
  readonly target: string;
  /** Source relations (tables or other models' views) it reads. */
  readonly reads: readonly string[];
  /** The source view it translates. */
  readonly source: string;
}

export interface CompileInput {
  readonly project: DeepReadonly<Project>;
  readonly archetype: DeepReadonly<{ archetype_id: string; default_steps: readonly string[]; load?: { mode?: string; batch_rows?: number; shards?: number } }>;
  readonly policy: DeepReadonly<Policy>;
  readonly mapping: DeepReadonly<SchemaMapping>;
  readonly mappingSha256: string;
  readonly tables: readonly CompiledTable[];
  readonly models: readonly CompiledModel[];
  readonly recon: DeepReadonly<MigrationPlan['recon']>;
  readonly tolerances: DeepReadonly<MigrationPlan['tolerances']>;
  readonly version: number;
  /** Rows a shard should hold about (default 50 000); tables with more rows are sharded. */
  readonly shardRows?: number;
}

type Step = MigrationPlan['steps'][number];
const MAX_SHARDS = 256;
const INTEGER_TYPE = /^(SMALLINT|INTEGER|INT|BIGINT|INT2|INT4|INT8|TINYINT|MEDIUMINT|HUGEINT|NUMBER\(\d+,0\))( UNSIGNED)?$/i;

export function compilePlan(input: CompileInput): MigrationPlan {
  const { mapping, project, archetype } = input;
  const shardRows = input.shardRows ?? 50_000;
  const info = new Map(input.tables.map((t) => [t.source, t]));
  const mode = (archetype.load?.mode ?? 'replace') as NonNullable<Step['mode']>;
  const batchRows = archetype.load?.batch_rows ?? 50_000;
  const withSwap = archetype.default_steps.includes('swap');
  const mapped = new Set(mapping.tables.map((t) => t.source));
  const bySource = new Map(mapping.tables.map((t) => [t.source, t]));

  const steps: Step[] = [];
  const sources = [...mapped].sort();
  for (const source of sources) {
    const t = bySource.get(source)!;
    steps.push({ id: stepId('create', t.target), kind: 'create_table', target_table: t.target, description: `create ${t.target} from the mapping of ${source}`,
      ...(info.get(source)?.partitionKey ? { params: { source_partition_key: info.get(source)!.partitionKey! } } : {}) });
  }
  const copyOrder = topologicalOrder(sources, (s) => (info.get(s)?.references ?? []).filter((r) => mapped.has(r) && r !== s));
  for (const source of copyOrder) {
    const t = bySource.get(source)!;
    const rows = info.get(source)?.rows;
    const keyType = t.columns.find((c) => c.target === t.key_columns[0])?.target_type ?? '';
    const shards = rows !== undefined && rows > shardRows && INTEGER_TYPE.test(keyType) ? Math.min(MAX_SHARDS, Math.ceil(rows / shardRows)) : 1;
    const refs = (info.get(source)?.references ?? []).filter((r) => mapped.has(r) && r !== source && copyOrder.indexOf(r) < copyOrder.indexOf(source));
    steps.push({
      id: stepId('copy', t.target), kind: 'copy_table', source_table: source, target_table: t.target, key_columns: [...t.key_columns], mode,
      description: `copy ${source} to ${t.target}${rows !== undefined ? ` (${rows} rows)` : ''}${shards > 1 ? ` in ${shards} key-range shards` : ''}`,
      depends_on: [stepId('create', t.target), ...refs.map((r) => stepId('copy', bySource.get(r)!.target))],
      ...(shards > 1 ? { shard: { column: t.key_columns[0]!, count: shards } } : {}),
      params: { batch_rows: batchRows, ...(rows !== undefined ? { expected_rows: rows } : {}) },
    });
    if (withSwap) steps.push({ id: stepId('swap', t.target), kind: 'swap', target_table: t.target, description: `promote the staged ${t.target}`, depends_on: [stepId('copy', t.target)] });
  }
  const modelBySource = new Map(input.models.map((m) => [m.source, m]));
  const modelOrder = topologicalOrder(input.models.map((m) => m.source).sort(), (s) => modelBySource.get(s)!.reads.filter((r) => modelBySource.has(r)));
  for (const source of modelOrder) {
    const m = modelBySource.get(source)!;
    const after = m.reads.flatMap((r) => {
      if (modelBySource.has(r)) return [stepId('model', modelBySource.get(r)!.target)];
      const t = bySource.get(r);
      return t ? [stepId(withSwap ? 'swap' : 'copy', t.target)] : [];
    });
    steps.push({ id: stepId('model', m.target), kind: 'run_model', target_table: m.target, model: m.path, description: `create view ${m.target} (translated from ${source})`,
      ...(after.length > 0 ? { depends_on: [...new Set(after)].sort() } : {}) });
  }
  return {
    plan_id: `${project.project_id}-plan`.slice(0, 64), version: input.version, project_id: project.project_id, archetype_id: archetype.archetype_id,
    description: `Copy ${mapping.tables.length} tables from ${project.source.engine} to ${project.target.engine}${input.models.length > 0 ? ` and create ${input.models.length} views` : ''}, in dependency order; reconcile every table by key.`,
    source: { ...project.source }, target: { ...project.target }, mapping_sha256: input.mappingSha256, steps,
    recon: structuredClone(input.recon) as MigrationPlan['recon'],
    tolerances: capTolerances(input.tolerances, input.policy),
  };
}

function capTolerances(t: DeepReadonly<MigrationPlan['tolerances']>, policy: DeepReadonly<Policy>): MigrationPlan['tolerances'] {
  const out: MigrationPlan['tolerances'] = {};
  const limits = policy.tolerances as Readonly<Record<string, { readonly max: number } | undefined>>;
  for (const [metric, tol] of Object.entries(t) as [keyof MigrationPlan['tolerances'], { max: number; severity?: 'Critical' | 'Major' | 'Minor' }][]) {
    const cap = limits[metric]?.max;
    out[metric] = { ...tol, max: cap === undefined ? tol.max : Math.min(tol.max, cap) };
  }
  return out;
}

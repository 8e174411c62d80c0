// ReconAgent: the reconciliation of the plan from the mapping, the archetype and the policy: the
// hashing spec in force, segment checksums, a deterministic sample (hash of key and a seed named for
// the project), per table the key and the columns compared (a column whose two sides have no common
// canonical form, or that is masked in the target, is left out and said so), and tolerances no
// looser than the policy's.
import { DEFAULT_HASHING_SPEC } from '../../../core/hashing/index.js';
import type { MigrationPlan, SchemaMapping } from '../../../core/types/generated.js';
import { logicalTypeOf } from '../../../core/validators/dialect-types.js';
import { jsonFile } from '../orchestrator.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput } from '../types.js';

export interface ReconInput {
  readonly mapping: SchemaMapping;
}

export interface ReconProposal {
  readonly recon: MigrationPlan['recon'];
  readonly tolerances: MigrationPlan['tolerances'];
}

const COMPATIBLE = new Set(['timestamp|timestamptz', 'timestamptz|timestamp']);
type Metric = keyof MigrationPlan['tolerances'];

function run(input: ReconInput, ctx: AgentContext): AgentOutput {
  const log = new ReasoningLog('ReconAgent', agent.version);
  const { mapping } = input;
  const defaults = ctx.archetype.recon_defaults;
  const spec = DEFAULT_HASHING_SPEC;
  const rate = Math.max(defaults.sampling.rate, ctx.policy.sampling.min_rate);
  const seed = `${ctx.project.project_id}-recon`;
  const tables: MigrationPlan['recon']['tables'] = mapping.tables.map((t) => {
    const compared: string[] = [];
    const left: string[] = [];
    for (const c of t.columns) {
      const s = logicalTypeOf(mapping.source_engine, c.source_type);
      const g = logicalTypeOf(mapping.target_engine, c.target_type);
      const masked = c.masking !== undefined && c.masking !== 'none';
      const comparable = s !== undefined && g !== undefined && (s === g || COMPATIBLE.has(`${s}|${g}`));
      if (comparable && !masked) compared.push(c.target);
      else if (!t.key_columns.includes(c.target)) {
        left.push(c.target);
        log.decide({ table: t.source, column: c.source, decision: masked ? `not compared: masked (${c.masking}) in the target, so its values differ by design; counted by nulls only`
          : `not compared: ${mapping.source_engine} ${c.source_type} and ${mapping.target_engine} ${c.target_type} have no common canonical form in hashing spec ${spec.specId} ${spec.version}`,
          citations: masked ? [{ kind: 'policy', pointer: '/pii/rules' }] : [{ kind: 'catalog', object: `${t.source}.${c.source}`, detail: c.source_type }], confidence: 0.9,
          limitations: ['differences in this column are not detected by reconciliation'] });
      }
    }
    log.decide({ table: t.source, decision: `reconciled by key (${t.key_columns.join(', ')}) against ${t.target}, ${compared.length} of ${t.columns.length} columns in the row hash`,
      citations: [{ kind: 'catalog', object: t.source }], confidence: left.length === 0 ? 1 : 0.85 });
    return { source_table: t.source, target_table: t.target, key_columns: [...t.key_columns], ...(left.length > 0 ? { columns: compared.filter((c) => !t.key_columns.includes(c)) } : {}),
      aggregates: [...(defaults.aggregates ?? ['count', 'sum', 'nulls', 'min', 'max'])] };
  });
  const tolerances: MigrationPlan['tolerances'] = {};
  const policyTol = ctx.policy.tolerances as Record<string, { max: number; severity?: 'Critical' | 'Major' | 'Minor' } | undefined>;
  for (const [metric, tol] of Object.entries(ctx.archetype.tolerances) as [Metric, { max: number; severity?: 'Critical' | 'Major' | 'Minor' }][]) {
    const p = policyTol[metric];
    const max = p ? Math.min(tol.max, p.max) : tol.max;
    const severity = tol.severity ?? p?.severity;
    tolerances[metric] = { max, ...(severity ? { severity } : {}) };
  }
  if (mapping.tables[0]) {
    log.decide({ table: mapping.tables[0].source, decision: `sampling by hash of key and seed "${seed}" at rate ${rate} (archetype ${defaults.sampling.rate}, policy minimum ${ctx.policy.sampling.min_rate}); tolerances the archetype's, capped by the policy's`,
      citations: [{ kind: 'policy', pointer: '/sampling/min_rate' }, { kind: 'policy', pointer: '/tolerances' }], confidence: 1 });
  }
  const recon: MigrationPlan['recon'] = {
    hashing: { spec_id: spec.specId, algorithm: spec.digest, spec_version: spec.version },
    ...(defaults.segments ? { segments: { ...defaults.segments } } : {}),
    sampling: { method: 'hash', rate, seed }, tables,
  };
  const value: ReconProposal = { recon, tolerances };
  return {
    proposal: { kind: 'recon', summary: `Reconciliation of ${tables.length} tables by key, sampling ${rate} by hash, tolerances within the policy.`,
      files: [{ path: 'plans/recon_config.json', content: jsonFile(value), schema: 'recon_config' }], decisions: [], value },
    reasoning: log.build('recon', []),
  };
}

export const agent: Agent<ReconInput> = { name: 'ReconAgent', version: '1.0.0', run };

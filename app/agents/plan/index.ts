// The plan compiler behind the agent contract: core/plan/compiler.ts does the work (pure); this
// wrapper records why each step is where it is, so the plan pull request explains itself, and lets
// the orchestrator validate plans/migration_plan.json like any other proposal.
import { compilePlan, type CompileInput } from '../../../core/plan/compiler.js';
import { jsonFile } from '../orchestrator.js';
import { ReasoningLog } from '../reasoning.js';
import type { Agent, AgentContext, AgentOutput } from '../types.js';

export type PlanInput = Omit<CompileInput, 'project' | 'policy' | 'archetype'>;

function run(input: PlanInput, ctx: AgentContext): AgentOutput {
  const log = new ReasoningLog('PlanCompiler', agent.version);
  const plan = compilePlan({ ...input, project: ctx.project, policy: ctx.policy, archetype: ctx.archetype });
  for (const step of plan.steps) {
    if (step.kind === 'create_table') continue;
    const table = step.source_table ?? input.mapping.tables.find((t) => t.target === step.target_table)?.source
      ?? input.models.find((m) => m.target === step.target_table)?.source ?? step.target_table;
    const why = step.kind === 'copy_table'
      ? `${step.id}: ${step.mode} by key (${(step.key_columns ?? []).join(', ')})${step.shard ? ` in ${step.shard.count} shards of ${step.shard.column}` : ''}, after ${(step.depends_on ?? []).join(', ')}`
      : `${step.id}${step.depends_on ? ` after ${step.depends_on.join(', ')}` : ''}`;
    const rows = input.tables.find((t) => t.source === step.source_table)?.rows;
    log.decide({ table, decision: why, confidence: 1,
      citations: [{ kind: 'catalog', object: table, detail: step.kind === 'copy_table' ? `foreign keys and ${rows ?? 'unknown'} rows` : 'view dependencies' },
        ...(step.kind === 'copy_table' && rows !== undefined && ctx.profile?.tables.some((t) => `${t.schema}.${t.name}` === table)
          ? [{ kind: 'profiling' as const, table, metric: 'row_count', value: rows }] : [])] });
  }
  return {
    proposal: { kind: 'plan', summary: `Plan v${plan.version}: ${plan.steps.length} steps for ${input.mapping.tables.length} tables and ${input.models.length} views.`,
      files: [{ path: 'plans/migration_plan.json', content: jsonFile(plan), schema: 'migration_plan' }], decisions: [], value: plan },
    reasoning: log.build('plan', []),
  };
}

export const agent: Agent<PlanInput> = { name: 'PlanCompiler', version: '1.0.0', run };

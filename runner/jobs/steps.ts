// The JobRunner: every step of the plan in order, each by its kind, each checkpointed. create_table makes
// the target table from the mapping (IF NOT EXISTS); copy_table is copy-step.ts; run_model runs a models/
// file in the target in one transaction; swap is done by the copy step it follows (its promotion).
import { CopilotError } from '../../core/errors.js';
import { parseTable } from '../../core/plan/tables.js';
import { createTableSql } from '../../core/plan/write-sql.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { Step, StepResult } from '../../core/types/generated.js';
import type { JobContext } from './context.js';
import { runCopyStep } from './copy-step.js';
import { withRetry } from './retry.js';

async function once(ctx: JobContext, step: DeepReadonly<Step>, work: () => Promise<void>): Promise<StepResult> {
  const started = ctx.now();
  const base = { id: step.id, kind: step.kind, target_table: step.target_table, started_at: new Date(started).toISOString() } as const;
  if ((await ctx.checkpoints.get<{ status: string }>(`${step.id}/step.json`))?.status === 'done') {
    return { ...base, status: 'resumed', attempts: 0, finished_at: new Date(ctx.now()).toISOString(), note: 'done by an earlier run' };
  }
  let retries = 0;
  const { attempts } = await withRetry(ctx.retry, async (attempt) => {
    if (attempt > 1) await ctx.links.reset();
    await work();
  }, { onRetry: (e, attempt, delay) => { retries++; ctx.progress.warn(`${step.id}: transient failure, retry ${attempt} in ${delay} ms: ${(e as Error).message}`); } });
  await ctx.checkpoints.put(`${step.id}/step.json`, { status: 'done' });
  ctx.progress.stepDone(step.id, step.kind === 'swap' ? 'promoted by its copy step' : 'done');
  return { ...base, status: 'succeeded', attempts, retries, duration_ms: ctx.now() - started, finished_at: new Date(ctx.now()).toISOString() };
}

export async function runStep(ctx: JobContext, step: DeepReadonly<Step>): Promise<StepResult> {
  switch (step.kind) {
    case 'copy_table':
      return runCopyStep(ctx, step);
    case 'create_table':
      return once(ctx, step, async () => {
        const m = ctx.mapping?.tables.find((t) => t.target === step.target_table);
        if (!m) throw new CopilotError('INPUT_INVALID', `plans/migration_plan.json: step ${step.id} creates ${step.target_table}, which contracts/schema_mapping.yml does not map`);
        const dst = await ctx.links.target();
        const target = parseTable(step.target_table);
        const columns = m.columns.map((c) => ({ name: c.target, type: c.target_type }));
        if (dst.prepare) await dst.prepare(ctx.grant(step.id), { target, columns, keys: m.key_columns });
        else await dst.transaction(ctx.grant(step.id), [createTableSql(dst.dialect, target, columns, m.key_columns)]);
      });
    case 'run_model':
      return once(ctx, step, async () => {
        const sql = step.model ? ctx.model(step.model) : undefined;
        if (sql === undefined) throw new CopilotError('INPUT_INVALID', `plans/migration_plan.json: step ${step.id} runs ${step.model}, which is not at the tagged commit`);
        const dst = await ctx.links.target();
        await dst.transaction(ctx.grant(step.id), [sql]);
      });
    case 'swap':
      return once(ctx, step, async () => {});
    default:
      throw new CopilotError('INPUT_INVALID', `plans/migration_plan.json: step ${(step as { id: string }).id} has an unknown kind`);
  }
}

// What the runner's workflow run found: the full plan gate on its fresh clone, every check.
import { CopilotError } from '../../../core/errors.js';
import { PLAN_TAG, type DemoContext } from '../context.js';
import { shortenDigests } from '../digest.js';

export async function showGate(ctx: DemoContext): Promise<string> {
  const outcome = ctx.runner.find((r) => r.ref === `refs/tags/${PLAN_TAG}`);
  if (!outcome) throw new CopilotError('INTERNAL', `no runner run for ${PLAN_TAG}`);
  if (outcome.error !== undefined) {
    if (outcome.error instanceof CopilotError) throw outcome.error;
    throw new CopilotError('INTERNAL', `the runner failed: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`, { cause: outcome.error });
  }
  const result = outcome.result!;
  ctx.out(`      runner (run ${outcome.runId}) cloned ${PLAN_TAG} afresh with the run's token; plan gate at ${result.commit?.slice(0, 12) ?? '(no commit)'}:`);
  for (const c of result.checks) ctx.out(`        ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${shortenDigests(c.detail)}`);
  const passed = result.checks.filter((c) => c.ok).length;
  const verdict = result.ok ? `v${result.signedPlan!.version} may run (${passed}/${result.checks.length} checks ok)` : `refused (${result.checks.length - passed} check(s) failed)`;
  ctx.out(`      gate: ${verdict}`);
  ctx.timeline.add('runner', `gate on ${PLAN_TAG}: ${verdict}`);
  if (!result.ok) throw new CopilotError('PLAN_REFUSED', `the runner's gate refused ${PLAN_TAG}: ${result.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')}`);
  return outcome.dir!;
}

// Write grants: the only permission a write method of a connector accepts. A grant exists only when the
// full plan gate passed in this process: `openGate` runs runPlanGate itself and, on success, hands back a
// minter bound to that plan. Genuine grants are remembered in a module-private WeakSet, so an object of the
// same shape made anywhere else (a cast, a copy, JSON) is refused by `assertGrant`.
import { CopilotError } from '../../core/errors.js';
import type { WriteGrant } from '../connectors/connection.js';
import { runPlanGate, type RunnerGateInput, type RunnerGateResult } from './plan-gate.js';

const genuine = new WeakSet<object>();

export interface OpenGate {
  readonly result: RunnerGateResult;
  /** A grant for one step of the plan the gate verified; undefined when the gate refused. */
  readonly grant?: (stepId: string) => WriteGrant;
}

/** Runs the plan gate; only when every check passed can grants be minted, for that plan only. */
export async function openGate(input: RunnerGateInput): Promise<OpenGate> {
  const result = await runPlanGate(input);
  const signed = result.signedPlan;
  if (!result.ok || !signed) return { result };
  const planSha = signed.plan_sha256;
  return {
    result,
    grant: (stepId: string) => {
      const g = Object.freeze({ plan_sha256: planSha, step_id: stepId }) as unknown as WriteGrant;
      genuine.add(g);
      return g;
    },
  };
}

/** Throws unless `grant` was minted by openGate (and, when given, for this step). */
export function assertGrant(grant: WriteGrant | undefined, stepId?: string): void {
  if (!grant || typeof grant !== 'object' || !genuine.has(grant)) {
    throw new CopilotError('PLAN_REFUSED', 'write refused: no write grant from the plan gate', {
      hint: 'writes happen only inside `migration-copilot execute` after the plan gate verified the signed plan',
    });
  }
  if (stepId !== undefined && grant.step_id !== stepId) {
    throw new CopilotError('PLAN_REFUSED', `write refused: the grant is for step ${grant.step_id}, not ${stepId}`);
  }
}

/**
 * Grants for a rehearsal (runner/rehearsal, its only caller): writes into the scratch DuckDB file the
 * rehearsal created for itself in a fresh temporary folder, for a plan not signed yet (a plan pull
 * request's head). The rehearsal never opens the plan's target, so these grants never meet it.
 */
export function rehearsalGrants(planSha256: string): (stepId: string) => WriteGrant {
  return (stepId: string) => {
    const g = Object.freeze({ plan_sha256: planSha256, step_id: stepId, rehearsal: true }) as unknown as WriteGrant;
    genuine.add(g);
    return g;
  };
}

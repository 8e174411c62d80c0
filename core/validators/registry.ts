// Every validator, in check-run order, and running them: a validator that throws is an "error" result
// (the system broke), never a pass and never a "fail" (the policy said no).
import { isCopilotError } from '../errors.js';
import type { MigrationContext } from '../repo/context.js';
import { approvalValidator } from './approvals.js';
import { hashingValidator } from './hashing.js';
import { manualDecisionsValidator } from './manual-decisions.js';
import { samplingValidator } from './sampling.js';
import { schemaValidator } from './schema.js';
import { signedPlanValidator } from './signed-plan.js';
import { toleranceValidator } from './tolerance.js';
import { typeCoercionValidator } from './type-coercion.js';
import { resultOf, type Validator, type ValidatorOptions, type ValidatorResult, type ValidatorStatus } from './types.js';

export const VALIDATORS: readonly Validator[] = [
  schemaValidator,
  typeCoercionValidator,
  hashingValidator,
  samplingValidator,
  toleranceValidator,
  manualDecisionsValidator,
  approvalValidator,
  signedPlanValidator,
];

export interface SkippedValidator {
  readonly id: string;
  readonly version: string;
  readonly reason: string;
}

export interface ValidationRun {
  /** "fail" if any result failed, else "error" if any errored, else "pass". */
  readonly status: ValidatorStatus;
  readonly results: readonly ValidatorResult[];
  /** Validators that could not judge (their input is absent or invalid): not a pass. */
  readonly skipped: readonly SkippedValidator[];
}

export function runValidator(v: Validator, ctx: MigrationContext, opts: ValidatorOptions = {}): ValidatorResult {
  try {
    return resultOf(v, v.run(ctx, opts));
  } catch (e) {
    const message = isCopilotError(e) || e instanceof Error ? e.message : String(e);
    return {
      id: v.id, version: v.version, status: 'error',
      findings: [{ path: '', line: 1, pointer: '', rule: `${v.id}/internal`, severity: 'error', message: `the ${v.id} validator failed: ${message}` }],
    };
  }
}

export function runValidators(ctx: MigrationContext, opts: ValidatorOptions = {}, validators: readonly Validator[] = VALIDATORS): ValidationRun {
  const results: ValidatorResult[] = [];
  const skipped: SkippedValidator[] = [];
  for (const v of validators) {
    if (opts.only && !opts.only.includes(v.id)) continue;
    const reason = v.skip?.(ctx, opts);
    if (reason !== undefined) skipped.push({ id: v.id, version: v.version, reason });
    else results.push(runValidator(v, ctx, opts));
  }
  const status: ValidatorStatus = results.some((r) => r.status === 'fail') ? 'fail'
    : results.some((r) => r.status === 'error') ? 'error' : 'pass';
  return { status, results, skipped };
}

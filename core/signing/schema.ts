// Checks a value against core/schemas/signed_plan.schema.json (through the shared schema registry) and
// hands back the read-only type. Raw objects stop here: past this point only a SignedPlan travels.
import { CopilotError } from '../errors.js';
import { validateDocument } from '../schema/index.js';
import type { SignedPlan } from './signed-plan.js';

/** Every schema violation as `pointer: message`, empty when the value is a SignedPlan. */
export function signedPlanSchemaErrors(value: unknown, file = 'SignedPlan'): string[] {
  return validateDocument('signed_plan', value, { file, lines: new Map() })
    .map((f) => `${f.pointer || '/'}: ${f.message}`);
}

/** The value as a SignedPlan, or SCHEMA_INVALID naming `where` and each JSON pointer that failed. */
export function parseSignedPlan(value: unknown, where: string): SignedPlan {
  const errors = signedPlanSchemaErrors(value, where);
  if (errors.length > 0) {
    throw new CopilotError('SCHEMA_INVALID', `${where} is not a SignedPlan:\n  ${errors.join('\n  ')}`, {
      hint: 'see core/schemas/signed_plan.schema.json',
    });
  }
  return value as SignedPlan;
}

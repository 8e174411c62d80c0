// Checks a value against core/schemas/signed_plan.schema.json and hands back the read-only type.
// Raw objects stop here: past this point only a SignedPlan travels.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImpl from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import schema from '../schemas/signed_plan.schema.json' with { type: 'json' };
import { CopilotError } from '../errors.js';
import type { SignedPlan } from './signed-plan.js';

const addFormats = addFormatsImpl as unknown as FormatsPlugin;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Every schema violation as `pointer: message`, empty when the value is a SignedPlan. */
export function signedPlanSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
  });
}

/** The value as a SignedPlan, or SCHEMA_INVALID naming `where` and each JSON pointer that failed. */
export function parseSignedPlan(value: unknown, where: string): SignedPlan {
  const errors = signedPlanSchemaErrors(value);
  if (errors.length > 0) {
    throw new CopilotError('SCHEMA_INVALID', `${where} is not a SignedPlan:\n  ${errors.join('\n  ')}`, {
      hint: 'see core/schemas/signed_plan.schema.json',
    });
  }
  return value as SignedPlan;
}

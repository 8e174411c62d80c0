// The deterministic validators of a migration repository (one per check run `migration/<id>`).
export * from './types.js';
export * from './registry.js';
export { schemaValidator } from './schema.js';
export { typeCoercionValidator } from './type-coercion.js';
export { hashingValidator, hashingValidatorFor } from './hashing.js';
export { samplingValidator } from './sampling.js';
export { toleranceValidator } from './tolerance.js';
export { manualDecisionsValidator } from './manual-decisions.js';
export { approvalValidator } from './approvals.js';
export { signedPlanValidator } from './signed-plan.js';

// SignedPlan: build, sign, verify, and the plan gate's file checks.
export * from './signed-plan.js';
export * from './schema.js';
export * from './approvals-check.js';
export * from './build.js';
export * from './key-signer.js';
export * from './bundle.js';
export * from './trust.js';
export * from './verify-bundle.js';
export * from './plan-gate.js';
export * from './sign-for-head.js';

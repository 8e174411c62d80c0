export * from './types.js';
export { evaluateApprovals, evaluateApprovalsUpTo, type ApprovalsUpToResult } from './evaluate.js';
export { maximumMatching } from './matching.js';
export * from './record.js';

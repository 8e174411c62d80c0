export * from './types.js';
export { evaluateApprovals, evaluateApprovalsUpTo, type ApprovalsUpToResult } from './evaluate.js';
export { maximumMatching } from './matching.js';
export * from './record.js';
export * from './rules-change.js';
export { isRoleMember, type Teams } from './membership.js';

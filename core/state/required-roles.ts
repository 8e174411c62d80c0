// Which roles must approve a transition: policy.approvals["FROM->TO"] (policies/policy.json, or the
// repository's .migration/policy.json read from the base branch). The policy arrives as a plain value;
// loading and validating it is the policy module's job.
import { CopilotError } from '../errors.js';
import { canTransition, parseTransitionKey, type TransitionKey } from './states.js';

/** The part of a policy this module reads. */
export interface ApprovalPolicy {
  readonly approvals: Readonly<Record<string, readonly string[] | undefined>>;
}

/**
 * The roles a transition needs, in policy order, each once. A transition the policy does not list
 * needs none. A key that is not a lifecycle transition is bad input: it throws INPUT_INVALID.
 */
export function requiredRoles(policy: ApprovalPolicy, transition: TransitionKey | string): string[] {
  const parsed = parseTransitionKey(transition);
  if (!parsed) throw new CopilotError('INPUT_INVALID', `"${transition}" is not a transition key ("FROM->TO" with state names)`);
  const verdict = canTransition(parsed.from, parsed.to);
  if (!verdict.allowed) throw new CopilotError('INPUT_INVALID', `"${transition}" is not a lifecycle transition: ${verdict.reason}`);
  const roles = policy.approvals[transition] ?? [];
  return [...new Set(roles)];
}

/** Policy keys that are not lifecycle transitions: a policy loader reports these as findings. */
export function invalidApprovalKeys(policy: ApprovalPolicy): string[] {
  return Object.keys(policy.approvals).filter((key) => {
    const parsed = parseTransitionKey(key);
    return !parsed || !canTransition(parsed.from, parsed.to).allowed;
  });
}

// Which approvals a transition needs, and which transitions lie on the way to one. Built on the
// lifecycle of core/state so the two cannot disagree.
import { CopilotError } from '../errors.js';
import {
  FORWARD_TRANSITIONS, isState, parseTransitionKey, requiredRoles, type ApprovalPolicy, type TransitionKey,
} from '../state/index.js';

/** The roles policy.approvals["FROM->TO"] names: core/state's rule, offered here beside the policy. */
export { requiredRoles };

/**
 * The forward transitions from CREATED up to and including `target` (a "FROM->TO" key, or a state:
 * the transition that enters it). "Up to PLANNED->EXECUTED" is what signing demands.
 */
export function transitionsUpTo(target: string): TransitionKey[] {
  const index = isState(target)
    ? FORWARD_TRANSITIONS.findIndex((t) => t.endsWith(`->${target}`))
    : FORWARD_TRANSITIONS.indexOf(target as TransitionKey);
  if (index < 0) {
    const why = isState(target) ? 'no forward transition enters it' : parseTransitionKey(target) ? 'it is not a forward transition' : 'it is neither a state nor a "FROM->TO" key';
    throw new CopilotError('INPUT_INVALID', `cannot list transitions up to "${target}": ${why}`);
  }
  return FORWARD_TRANSITIONS.slice(0, index + 1);
}

/** Every (transition, role) the policy demands up to `target`, in lifecycle then policy order. */
export function requiredApprovalsUpTo(policy: ApprovalPolicy, target: string): { transition: TransitionKey; role: string }[] {
  return transitionsUpTo(target).flatMap((transition) =>
    requiredRoles(policy, transition).map((role) => ({ transition, role })));
}

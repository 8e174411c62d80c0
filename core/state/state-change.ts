// How a pull request may move the lifecycle state of project.json: the state in force is the base
// branch's; a PR may leave it, or move it by exactly one forward transition (and then needs that
// transition's roles). Anything else (skipping states, going back, an unknown state) is a finding.
import { canTransition, isState, transitionKey, type State, type TransitionKey } from './states.js';

export type StateChange =
  | { readonly kind: 'unchanged'; readonly state: State }
  | { readonly kind: 'transition'; readonly from: State; readonly to: State; readonly transition: TransitionKey }
  | { readonly kind: 'invalid'; readonly reason: string };

export function stateChange(baseState: string | undefined, headState: string | undefined): StateChange {
  if (!isState(baseState)) return { kind: 'invalid', reason: `the base branch's project.json has no valid state (${JSON.stringify(baseState ?? null)})` };
  if (!isState(headState)) return { kind: 'invalid', reason: `project.json has no valid state (${JSON.stringify(headState ?? null)})` };
  if (baseState === headState) return { kind: 'unchanged', state: baseState };
  const verdict = canTransition(baseState, headState);
  if (!verdict.allowed || headState === 'FAILED' || headState === 'ABORTED' || baseState === 'FAILED') {
    return { kind: 'invalid', reason: `project.json moves the state from ${baseState} (base branch) to ${headState}: a pull request may move it by one forward transition only${verdict.allowed ? '' : ` (${verdict.reason})`}` };
  }
  return { kind: 'transition', from: baseState, to: headState, transition: transitionKey(baseState, headState) };
}

// The lifecycle of a migration (design, Lifecycle): a forward chain of states, FAILED when work in a
// state broke (resumable: back to the state it failed in, to run that work again), and ABORTED from
// any state that is not terminal. Transition keys are the strings "FROM->TO" used by policy.approvals.

export const FORWARD_STATES = [
  'CREATED',
  'DISCOVERED',
  'PLAN_DRAFTED',
  'PLANNED',
  'EXECUTED',
  'RECONCILED',
  'PARALLEL_VALIDATED',
  'CUTOVER_READY',
  'CUTOVER_DONE',
  'EVIDENCE_COMPLETE',
] as const;

export const STATES = [...FORWARD_STATES, 'FAILED', 'ABORTED'] as const;

export type ForwardState = (typeof FORWARD_STATES)[number];
export type State = (typeof STATES)[number];
export type TransitionKey = `${State}->${State}`;

/** No transition leaves these. */
export const TERMINAL_STATES: readonly State[] = ['EVIDENCE_COMPLETE', 'ABORTED'];

export function isState(value: unknown): value is State {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}

export function isTerminal(state: State): boolean {
  return TERMINAL_STATES.includes(state);
}

export function transitionKey(from: State, to: State): TransitionKey {
  return `${from}->${to}`;
}

/** Splits "FROM->TO"; undefined when either side is not a state name. */
export function parseTransitionKey(key: string): { from: State; to: State } | undefined {
  const parts = key.split('->');
  if (parts.length !== 2) return undefined;
  const [from, to] = parts;
  return isState(from) && isState(to) ? { from, to } : undefined;
}

/** The next state of the forward chain, or undefined at its end and for FAILED/ABORTED. */
export function nextState(state: State): ForwardState | undefined {
  const i = (FORWARD_STATES as readonly string[]).indexOf(state);
  return i < 0 ? undefined : FORWARD_STATES[i + 1];
}

/** The forward transitions of the chain, in order: CREATED->DISCOVERED ... CUTOVER_DONE->EVIDENCE_COMPLETE. */
export const FORWARD_TRANSITIONS: readonly TransitionKey[] = FORWARD_STATES.slice(0, -1).map((s, i) =>
  transitionKey(s, FORWARD_STATES[i + 1]!),
);

export interface TransitionVerdict {
  readonly allowed: boolean;
  readonly reason: string;
}

export interface TransitionContext {
  /** For a transition out of FAILED: the state the work failed in. Resuming may only return there. */
  readonly failedFrom?: State;
}

/** Whether `from -> to` is a transition of the lifecycle, and why (or why not). */
export function canTransition(from: State, to: State, context: TransitionContext = {}): TransitionVerdict {
  const no = (reason: string): TransitionVerdict => ({ allowed: false, reason });
  const yes = (reason: string): TransitionVerdict => ({ allowed: true, reason });
  if (!isState(from)) return no(`unknown state ${JSON.stringify(from)}; states are ${STATES.join(', ')}`);
  if (!isState(to)) return no(`unknown state ${JSON.stringify(to)}; states are ${STATES.join(', ')}`);
  if (isTerminal(from)) return no(`${from} is terminal: no transition leaves it`);
  if (from === to) return no(`${from}->${to} does not change the state`);
  if (to === 'ABORTED') return yes(`any state that is not terminal may be aborted`);
  if (to === 'FAILED') {
    return from === 'FAILED'
      ? no('FAILED is already failed')
      : yes(`work in ${from} may fail; the migration can resume from FAILED back to ${from}`);
  }
  if (from === 'FAILED') {
    if (to === 'EVIDENCE_COMPLETE') return no('resuming returns to the state that failed; EVIDENCE_COMPLETE is never one');
    if (context.failedFrom !== undefined && context.failedFrom !== to) {
      return no(`resuming returns to the state that failed (${context.failedFrom}), not to ${to}`);
    }
    return yes(`resume: back to ${to} to run its work again`);
  }
  const next = nextState(from);
  if (next === to) return yes(`${from}->${to} is the next step of the lifecycle`);
  return no(`${from}->${to} skips or reverses the lifecycle; from ${from} the next state is ${next ?? 'none'} (or FAILED, ABORTED)`);
}

/**
 * The forward transitions from `from` up to and including the one that reaches `to`.
 * transitionsBetween('PLAN_DRAFTED', 'EXECUTED') = [PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED].
 * Empty when `to` is not after `from` on the forward chain.
 */
export function transitionsBetween(from: State, to: State): TransitionKey[] {
  const i = (FORWARD_STATES as readonly string[]).indexOf(from);
  const j = (FORWARD_STATES as readonly string[]).indexOf(to);
  if (i < 0 || j <= i) return [];
  return FORWARD_TRANSITIONS.slice(i, j);
}

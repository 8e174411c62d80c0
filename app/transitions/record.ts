// A merged pull request that moved project.json's state (a transition pull request, or a plan pull request
// that moves it within the signing transitions) is recorded in the audit chain: who merged it, from which
// state to which, on which commit. Keyed by the merge commit, so a redelivered merge records it once.
import { stateChange } from '../../core/state/index.js';
import type { AuditRequest } from '../audit/branch.js';

export interface MergedState {
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly projectId: string;
  readonly pull: number;
  readonly mergedBy: string;
  readonly commit: string;
}

/** The audit entry of the state change a merge made, or undefined when it changed no state. */
export function stateChangeEntry(m: MergedState): AuditRequest | undefined {
  const move = stateChange(m.before, m.after);
  if (move.kind !== 'transition') return undefined;
  return {
    project_id: m.projectId, actor: m.mergedBy, action: 'state.changed', subject: `project/${m.projectId}`,
    reasoning: `#${m.pull} merged by @${m.mergedBy} moved the state ${move.transition}`,
    refs: { pull: String(m.pull), commit: m.commit, transition: move.transition }, idempotencyKey: `merge:${m.commit}`,
  };
}

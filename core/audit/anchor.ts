// The audit chain's anchor. A hash chain alone proves nothing against whoever can rewrite the whole file:
// every SignedPlan and evidence pack records the chain's head (seq and hash of its last entry) at its time,
// under a signature, and a chain read later must extend that head: the entry at that seq is still there with
// the same hash. This catches a chain truncated below the head or rewritten from any entry up to it; it
// cannot catch entries appended after the head and then changed, until a later anchor records them.
import { CopilotError } from '../errors.js';
import type { AuditEntry } from './entry.js';
import { verifyChain } from './verify.js';

export interface AuditHead {
  /** seq of the last entry; 0 for an empty chain. */
  readonly seq: number;
  /** hash of the last entry; 64 zeros for an empty chain. */
  readonly hash: string;
}

/** "SEQ:HASH" (e.g. "12:3fa4...") as typed on a command line; INPUT_INVALID naming `where` otherwise. */
export function parseAuditHead(text: string, where: string): AuditHead {
  const m = /^(0|[1-9][0-9]{0,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) {
    throw new CopilotError('INPUT_INVALID', `${where}: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text)} is not SEQ:HASH`, {
      hint: 'give the audit head as the last entry\'s seq, a colon and its 64-hex hash, e.g. 12:3fa4...',
    });
  }
  return { seq: Number(m[1]), hash: m[2]! };
}

/** The head of a chain: its last entry's seq and hash; undefined for an empty chain. */
export function auditHeadOf(chain: readonly AuditEntry[]): AuditHead | undefined {
  const last = chain.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : undefined;
}

export type ExtendsVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether `chain` is intact and extends `head`: the chain verifies, and its entry at head.seq carries
 * head.hash. A head of seq 0 is the empty chain, which every intact chain extends.
 */
export function checkAuditExtends(head: AuditHead, chain: readonly AuditEntry[]): ExtendsVerdict {
  const verdict = verifyChain(chain);
  if (!verdict.ok) return { ok: false, reason: verdict.message };
  if (head.seq === 0) return { ok: true };
  const at = chain.find((e) => e.seq === head.seq);
  if (!at) {
    const last = chain.at(-1)?.seq ?? 0;
    return { ok: false, reason: `the chain ends at seq ${last}, before the anchored head seq ${head.seq}: entries were dropped or the chain was replaced` };
  }
  if (at.hash !== head.hash) {
    return { ok: false, reason: `seq ${head.seq} has hash ${at.hash.slice(0, 12)}..., the anchored head says ${head.hash.slice(0, 12)}...: the chain was rewritten` };
  }
  return { ok: true };
}

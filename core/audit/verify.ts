// Verifies an audit chain and names the first entry that is wrong, and how: edited (its hash does
// not match its content), dropped (a seq is missing), inserted (an entry that does not link),
// reordered, duplicated, or a bad genesis. A chain rewritten from some entry onwards links again;
// only a head hash recorded elsewhere (audit_chain.json, the evidence pack) catches that.
import { entryHash, GENESIS_HASH, headHash, type AuditEntry } from './entry.js';

export type ChainProblem = 'genesis' | 'edited' | 'dropped' | 'inserted' | 'reordered' | 'duplicated' | 'project' | 'head';

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly head_hash: string }
  | {
    readonly ok: false;
    readonly count: number;
    /** Position of the first bad entry in the list (0-based); the list's length for a head mismatch. */
    readonly index: number;
    /** seq of that entry as written; undefined for a head mismatch past the last entry. */
    readonly seq: number | undefined;
    readonly problem: ChainProblem;
    readonly message: string;
  };

export interface VerifyOptions {
  /** The head hash recorded elsewhere; a mismatch means entries were added or dropped at the end. */
  readonly expectedHead?: string;
  /** Every entry must carry this project_id (the default: the first entry's). */
  readonly projectId?: string;
}

export function verifyChain(entries: readonly AuditEntry[], options: VerifyOptions = {}): ChainVerdict {
  const count = entries.length;
  const bad = (index: number, problem: ChainProblem, message: string): ChainVerdict =>
    ({ ok: false, count, index, seq: entries[index]?.seq, problem, message });
  const projectId = options.projectId ?? entries[0]?.project_id;
  const seenHashes = new Map<string, number>();

  for (let i = 0; i < count; i++) {
    const e = entries[i]!;
    if (entryHash(e) !== e.hash) {
      return bad(i, 'edited', `edited: hash mismatch at seq ${e.seq} (its content no longer matches its hash)`);
    }
    const twin = seenHashes.get(e.hash);
    if (twin !== undefined) return bad(i, 'duplicated', `duplicated: seq ${e.seq} repeats the entry at position ${twin + 1}`);
    seenHashes.set(e.hash, i);
    if (e.project_id !== projectId) {
      return bad(i, 'project', `belongs to project ${e.project_id}, not ${projectId}`);
    }
    if (i === 0) {
      if (e.seq !== 1 || e.prev_hash !== GENESIS_HASH) {
        return bad(0, 'genesis', e.seq !== 1
          ? `bad genesis: the first entry has seq ${e.seq}, expected 1 (entries before it are missing)`
          : 'bad genesis: the first entry\'s prev_hash is not 64 zeros');
      }
      continue;
    }
    const prev = entries[i - 1]!;
    if (e.prev_hash !== prev.hash && i >= 2 && e.prev_hash === entries[i - 2]!.hash) {
      return bad(i - 1, 'inserted', `inserted: seq ${prev.seq} is not part of the chain (the entry after it links past it)`);
    }
    const expected = prev.seq + 1;
    if (e.seq < expected) {
      return bad(i, 'reordered', `reordered: seq ${e.seq} comes after seq ${prev.seq}`);
    }
    if (e.seq > expected) {
      const later = entries.slice(i + 1).some((x) => x.seq === expected);
      return later
        ? bad(i, 'reordered', `reordered: seq ${e.seq} comes before seq ${expected}`)
        : bad(i, 'dropped', `dropped: seq gap, seq ${expected} is missing before seq ${e.seq}`);
    }
    if (e.prev_hash !== prev.hash) {
      return bad(i, 'inserted', `inserted: prev_hash does not link to seq ${prev.seq} (this entry was inserted, or seq ${prev.seq} was rewritten)`);
    }
  }
  const head = headHash(entries);
  if (options.expectedHead !== undefined && options.expectedHead !== head) {
    return {
      ok: false, count, index: count, seq: undefined, problem: 'head',
      message: `head_hash ${options.expectedHead.slice(0, 12)}... does not match the last entry's hash ${head.slice(0, 12)}...` +
        ' (entries were added or dropped at the end)',
    };
  }
  return { ok: true, count, head_hash: head };
}

// The audit chain (design, Audit chain): append-only entries, each hashing its predecessor.
//   hash = sha256(prev_hash || canonical(entry without hash)), the first prev_hash is 64 zeros.
// Appending is pure: the caller passes the time in.
import { CopilotError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../json/canonical.js';
import type { DeepReadonly } from '../schema/readonly.js';
import type { AuditEntry as AuditEntryDocument } from '../types/generated.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * One entry (core/schemas/audit_entry.schema.json): seq (1, 2, ...), ts (ISO 8601 UTC), project_id,
 * actor (a login or the app), action ("plan.signed"), subject ("acme/mig#7"), reasoning (why, in
 * words), refs (what it rests on, by name: commit, plan_sha256, run, artifact URI), prev_hash, hash.
 */
export type AuditEntry = DeepReadonly<AuditEntryDocument>;

export type AuditInput = Pick<AuditEntry, 'project_id' | 'actor' | 'action' | 'subject' | 'reasoning' | 'refs'>;

/** The hash an entry must carry, from its other fields. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: unknown }): string {
  const { hash: _hash, ...body } = entry;
  return sha256Hex(entry.prev_hash + canonicalJson(body));
}

/** The hash of the last entry; GENESIS_HASH for an empty chain. */
export function headHash(chain: readonly AuditEntry[]): string {
  return chain.length === 0 ? GENESIS_HASH : chain[chain.length - 1]!.hash;
}

/**
 * The chain with one more entry. The chain is not re-verified here (verifyChain does that), but the
 * new entry must belong to the same project as the last one.
 */
export function appendEntry(chain: readonly AuditEntry[], input: AuditInput, ts: string): AuditEntry[] {
  if (Number.isNaN(Date.parse(ts))) throw new CopilotError('INPUT_INVALID', `audit entry time ${JSON.stringify(ts)} is not an ISO 8601 time`);
  const last = chain[chain.length - 1];
  if (last && last.project_id !== input.project_id) {
    throw new CopilotError('INPUT_INVALID',
      `audit entry for project ${input.project_id} cannot join the chain of project ${last.project_id}`);
  }
  const body = {
    seq: last ? last.seq + 1 : 1,
    ts,
    project_id: input.project_id,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    reasoning: input.reasoning,
    refs: { ...input.refs },
    prev_hash: headHash(chain),
  };
  return [...chain, { ...body, hash: entryHash(body) }];
}

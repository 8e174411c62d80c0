// Appending to the audit chain on branch migration-audit (audit.jsonl, through core/audit): the app is its
// one writer. Every append is keyed by (subject, action, idempotency key): an entry already there is
// returned, not written again, so a redelivered webhook appends nothing twice. The branch only moves
// forward: the new commit's parent is the head just read and the ref update never forces, so a concurrent
// append makes the update fail and the append is retried on the new head. A chain that does not extend
// what this process saw before (the branch was rewritten or reset) is reported (AUDIT_CHAIN_BROKEN), never
// silently continued; so is a broken or malformed chain (core/audit refuses to extend it).
import { appendToAuditJsonl, parseAuditJsonl, type AuditEntry, type AuditInput } from '../../core/audit/index.js';
import { CopilotError } from '../../core/errors.js';
import type { AuditPort } from './port.js';

export const AUDIT_BRANCH = 'migration-audit';
export const AUDIT_FILE = 'audit.jsonl';
/** The refs key that carries the idempotency key of an entry. */
export const IDEMPOTENCY_REF = 'idempotency_key';
const ATTEMPTS = 6;

export interface AuditRequest extends AuditInput {
  /** With subject and action, what makes this entry unique (a delivery id, a comment id and its body digest). */
  readonly idempotencyKey: string;
}

export interface AuditAppend {
  /** False when the entry was already on the branch (a redelivery). */
  readonly appended: boolean;
  readonly entry: AuditEntry;
  /** The branch head after the append. */
  readonly commit: string;
}

/** The last head seen per repository ("owner/repo" -> seq and hash): what a later read must extend. */
export type SeenHeads = Map<string, { readonly seq: number; readonly hash: string }>;

export interface AuditTarget {
  readonly owner: string;
  readonly repo: string;
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** The branch head and audit.jsonl at it; null when the branch does not exist yet. */
async function readBranch(gh: AuditPort, where: AuditTarget): Promise<{ commit: string; text: string } | null> {
  let commit: string;
  try {
    commit = (await gh.rest.git.getRef({ ...where, ref: `heads/${AUDIT_BRANCH}` })).data.object.sha;
  } catch (e) {
    if (statusOf(e) === 404) return null;
    throw e;
  }
  const entry = (await gh.rest.git.getTree({ ...where, tree_sha: commit })).data.tree.find((t) => t.path === AUDIT_FILE && t.type === 'blob');
  if (!entry?.sha) {
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `branch ${AUDIT_BRANCH} of ${where.owner}/${where.repo} has no ${AUDIT_FILE} at ${commit.slice(0, 12)}; the app does not write over it`, {
      hint: `restore ${AUDIT_FILE} on ${AUDIT_BRANCH} from its last good commit`,
    });
  }
  const blob = (await gh.rest.git.getBlob({ ...where, file_sha: entry.sha })).data;
  return { commit, text: Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8') };
}

/** The chain must still hold the entry this process saw last; otherwise the branch was rewritten. */
function checkExtends(entries: readonly AuditEntry[], seen: SeenHeads | undefined, key: string, commit: string): void {
  const last = seen?.get(key);
  if (!last) return;
  const at = entries[last.seq - 1];
  if (at?.seq === last.seq && at.hash === last.hash) return;
  const now = entries.at(-1);
  throw new CopilotError('AUDIT_CHAIN_BROKEN',
    `branch ${AUDIT_BRANCH} of ${key} was rewritten: it held entry ${last.seq} (hash ${last.hash.slice(0, 12)}…), ` +
    `but at ${commit.slice(0, 12)} ${at ? `entry ${last.seq} has hash ${at.hash.slice(0, 12)}…` : `it ends at entry ${now?.seq ?? 0}`}; the app stops appending`, {
      hint: `restore ${AUDIT_BRANCH} to a commit that extends entry ${last.seq}; the branch may only move forward`,
    });
}

/** The chain's last entry (seq and hash) on the branch, or undefined when nothing was appended yet. */
export async function auditHead(gh: AuditPort, where: AuditTarget): Promise<{ seq: number; hash: string } | undefined> {
  const branch = await readBranch(gh, where);
  if (!branch) return undefined;
  const parsed = parseAuditJsonl(branch.text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
  if (parsed.findings.length > 0) {
    const f = parsed.findings[0]!;
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `${f.path}:${f.line}: ${f.message}; the audit head cannot be read`);
  }
  const last = parsed.entries.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : undefined;
}

function alreadyThere(entries: readonly AuditEntry[], req: AuditRequest): AuditEntry | undefined {
  return entries.find((e) => e.subject === req.subject && e.action === req.action && e.refs[IDEMPOTENCY_REF] === req.idempotencyKey);
}

/**
 * Appends one entry to audit.jsonl on branch migration-audit, or returns the entry already appended under
 * the same (subject, action, idempotency key). `now` is read once per attempt.
 */
export async function appendAudit(gh: AuditPort, where: AuditTarget, req: AuditRequest, now: () => Date, seen?: SeenHeads): Promise<AuditAppend> {
  const key = `${where.owner}/${where.repo}`;
  const { idempotencyKey, ...input } = req;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const branch = await readBranch(gh, where);
    const text = branch?.text ?? '';
    const parsed = parseAuditJsonl(text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
    if (branch) checkExtends(parsed.entries, seen, key, branch.commit);
    const found = parsed.findings.length === 0 ? alreadyThere(parsed.entries, req) : undefined;
    if (found && branch) {
      seen?.set(key, { seq: parsed.entries.at(-1)!.seq, hash: parsed.entries.at(-1)!.hash });
      return { appended: false, entry: found, commit: branch.commit };
    }
    const next = appendToAuditJsonl(text, `${AUDIT_BRANCH}:${AUDIT_FILE}`, { ...input, refs: { ...input.refs, [IDEMPOTENCY_REF]: idempotencyKey } }, now().toISOString());
    const tree = (await gh.rest.git.createTree({ ...where, tree: [{ path: AUDIT_FILE, mode: '100644', type: 'blob', content: next.text }] })).data;
    const message = `audit ${next.entry.seq}: ${next.entry.action} ${next.entry.subject} by ${next.entry.actor}\n`;
    const commit = (await gh.rest.git.createCommit({ ...where, message, tree: tree.sha, parents: branch ? [branch.commit] : [] })).data;
    try {
      if (branch) await gh.rest.git.updateRef({ ...where, ref: `heads/${AUDIT_BRANCH}`, sha: commit.sha, force: false });
      else await gh.rest.git.createRef({ ...where, ref: `refs/heads/${AUDIT_BRANCH}`, sha: commit.sha });
    } catch (e) {
      // 422: someone appended (or created the branch) since the read; read again and retry on their head.
      if (statusOf(e) === 422 && attempt < ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 30)));
        continue;
      }
      throw e;
    }
    seen?.set(key, { seq: next.entry.seq, hash: next.entry.hash });
    return { appended: true, entry: next.entry, commit: commit.sha };
  }
  throw new CopilotError('CONNECTION_FAILED', `could not append to ${AUDIT_BRANCH} of ${key}: ${ATTEMPTS} concurrent appends in a row`, { hint: 'retry the event' });
}

// Appending to the audit chain on branch migration-audit (audit.jsonl, through core/audit): the app is its
// one writer. Every append is keyed by (subject, action, idempotency key): an entry already there is
// returned, not written again, so a redelivered webhook appends nothing twice. The branch only moves
// forward: the new commit's parent is the head just read and the ref update never forces, so a concurrent
// append makes the update fail and the append is retried on the new head. A chain that does not extend
// what this process saw before (the branch was rewritten or reset) is reported (AUDIT_CHAIN_BROKEN), never
// silently continued; so is a broken or malformed chain (core/audit refuses to extend it). A process that
// saw nothing yet (just started) is not blind: the newest SignedPlan on the default branch recorded the
// chain's head when it was signed (audit_head), and the chain must extend that head too
// (core/audit/anchor.ts), or be reported, also when the branch was deleted. The same holds for reading the
// head a new SignedPlan will record: a rewritten chain is never anchored.
import { appendToAuditJsonl, checkAuditExtends, parseAuditJsonl, type AuditEntry, type AuditHead, type AuditInput } from '../../core/audit/index.js';
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/index.js';
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

/** The newest SignedPlan on the default branch (plans/signed/v<N>.json) and the audit head it recorded. */
export interface SignedAnchor {
  readonly version: number;
  readonly path: string;
  readonly head: AuditHead;
}

function isAuditHead(v: unknown): v is AuditHead {
  const h = v as { seq?: unknown; hash?: unknown } | null;
  return typeof h === 'object' && h !== null && Number.isInteger(h.seq) && (h.seq as number) >= 0 && typeof h.hash === 'string' && /^[0-9a-f]{64}$/.test(h.hash);
}

/**
 * The audit head the newest SignedPlan on the default branch recorded; undefined when no plan was signed
 * yet or the newest recorded none. The readable copy is read: the runner's gate refuses a plan whose copy
 * differs from its signed bundle, and changing it on the default branch takes a reviewed merge.
 */
export async function signedAnchor(gh: AuditPort, where: AuditTarget): Promise<SignedAnchor | undefined> {
  let listing: unknown;
  try {
    listing = (await gh.rest.repos.getContent({ ...where, path: REPO_PATHS.signedDir.replace(/\/$/, '') })).data;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
  if (!Array.isArray(listing)) return undefined;
  let newest: { version: number; sha: string } | undefined;
  for (const item of listing as { name?: unknown; type?: unknown; sha?: unknown }[]) {
    const m = typeof item.name === 'string' ? /^v([1-9][0-9]{0,8})\.json$/.exec(item.name) : null;
    if (!m || item.type !== 'file' || typeof item.sha !== 'string') continue;
    const version = Number(m[1]);
    if (!newest || version > newest.version) newest = { version, sha: item.sha };
  }
  if (!newest) return undefined;
  const path = `${REPO_PATHS.signedDir}v${newest.version}.json`;
  const blob = (await gh.rest.git.getBlob({ ...where, file_sha: newest.sha })).data;
  let plan: { audit_head?: unknown };
  try {
    plan = JSON.parse(Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')) as { audit_head?: unknown };
  } catch (e) {
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `${path} on the default branch of ${where.owner}/${where.repo} is not JSON (${(e as Error).message}), so the audit head it anchors cannot be read; the app stops appending`, {
      hint: `restore ${path} from its signed bundle v${newest.version}.sigstore.json`,
    });
  }
  if (plan?.audit_head === undefined) return undefined;
  if (!isAuditHead(plan.audit_head)) {
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `${path} on the default branch of ${where.owner}/${where.repo}: audit_head is not {seq, hash}; the app stops appending`, {
      hint: `restore ${path} from its signed bundle v${newest.version}.sigstore.json`,
    });
  }
  return { version: newest.version, path, head: plan.audit_head };
}

/** The chain (or its absence) must extend the head the newest SignedPlan anchored. */
function checkAnchored(entries: readonly AuditEntry[] | null, anchor: SignedAnchor | undefined, key: string, commit: string | undefined): void {
  if (!anchor || anchor.head.seq === 0) return;
  const verdict = entries === null
    ? { ok: false as const, reason: `the branch does not exist, yet the chain held entry ${anchor.head.seq}` }
    : checkAuditExtends(anchor.head, entries);
  if (verdict.ok) return;
  throw new CopilotError('AUDIT_CHAIN_BROKEN',
    `branch ${AUDIT_BRANCH} of ${key}${commit ? ` at ${commit.slice(0, 12)}` : ''} does not extend the audit head signed plan v${anchor.version} recorded ` +
    `(entry ${anchor.head.seq}, hash ${anchor.head.hash.slice(0, 12)}…): ${verdict.reason}; the app stops appending`, {
      hint: `restore ${AUDIT_BRANCH} to a commit whose ${AUDIT_FILE} extends entry ${anchor.head.seq} (${anchor.path} on the default branch); the branch may only move forward`,
    });
}

/** The chain's last entry (seq and hash) on the branch, or undefined when nothing was appended yet. */
export async function auditHead(gh: AuditPort, where: AuditTarget): Promise<{ seq: number; hash: string } | undefined> {
  const [branch, anchor] = await Promise.all([readBranch(gh, where), signedAnchor(gh, where)]);
  const key = `${where.owner}/${where.repo}`;
  if (!branch) {
    checkAnchored(null, anchor, key, undefined);
    return undefined;
  }
  const parsed = parseAuditJsonl(branch.text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
  if (parsed.findings.length > 0) {
    const f = parsed.findings[0]!;
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `${f.path}:${f.line}: ${f.message}; the audit head cannot be read`);
  }
  checkAnchored(parsed.entries, anchor, key, branch.commit);
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
  const anchor = await signedAnchor(gh, where);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const branch = await readBranch(gh, where);
    const text = branch?.text ?? '';
    const parsed = parseAuditJsonl(text, `${AUDIT_BRANCH}:${AUDIT_FILE}`);
    if (branch) checkExtends(parsed.entries, seen, key, branch.commit);
    // A malformed chain is refused by appendToAuditJsonl below, naming its line.
    if (parsed.findings.length === 0) checkAnchored(branch ? parsed.entries : null, anchor, key, branch?.commit);
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

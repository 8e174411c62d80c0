// The audit chain the app kept on branch migration-audit (audit.jsonl, appended by fast-forward only), read
// back through the REST API as anyone with read access could, and verified entry by entry.
import { parseAuditJsonl, verifyChain } from '../../../core/audit/index.js';
import { CopilotError } from '../../../core/errors.js';
import { NAME, OWNER, PEOPLE, type DemoContext } from '../context.js';
import { short } from '../digest.js';

export const AUDIT_BRANCH = 'migration-audit';

export async function verifyAudit(ctx: DemoContext): Promise<void> {
  const carol = ctx.gh.people.as(PEOPLE.author).octokit;
  const where = { owner: OWNER, repo: NAME };
  const head = (await carol.git.getRef({ ...where, ref: `heads/${AUDIT_BRANCH}` })).data.object.sha;
  const tree = (await carol.git.getTree({ ...where, tree_sha: head })).data.tree;
  const sha = tree.find((t) => t.path === 'audit.jsonl')?.sha;
  if (!sha) throw new CopilotError('AUDIT_CHAIN_BROKEN', `branch ${AUDIT_BRANCH} has no audit.jsonl`);
  const text = Buffer.from((await carol.git.getBlob({ ...where, file_sha: sha })).data.content, 'base64').toString('utf8');
  const parsed = parseAuditJsonl(text, `${AUDIT_BRANCH}:audit.jsonl`);
  const verdict = verifyChain(parsed.entries);
  if (parsed.findings.length > 0 || !verdict.ok) {
    throw new CopilotError('AUDIT_CHAIN_BROKEN', `the audit chain on ${AUDIT_BRANCH} does not verify: ${verdict.ok ? parsed.findings[0]!.message : verdict.message}`);
  }
  ctx.out(`      audit chain ok: ${verdict.count} entries on branch ${AUDIT_BRANCH} (head ${head.slice(0, 7)}, hash ${short(verdict.head_hash)}…), written by the app:`);
  for (const e of parsed.entries) ctx.out(`        ${String(e.seq).padStart(2)} ${e.actor.padEnd(22)} ${e.action.padEnd(22)} ${e.subject}`);
}

// The audit chain of everything above: verified locally, then published by the app on the branch
// migration-audit (its first entry creates the branch; later entries would fast-forward it).
import { readFile } from 'node:fs/promises';
import { NAME, OWNER, type DemoContext } from '../context.js';
import { expectExit } from '../expect-exit.js';

export const AUDIT_BRANCH = 'migration-audit';

export async function verifyAndPublishAudit(ctx: DemoContext): Promise<void> {
  await expectExit(ctx, ['audit', 'verify', ctx.auditFile], 0);
  const content = await readFile(ctx.auditFile, 'utf8');
  const where = { owner: OWNER, repo: NAME };
  const tree = (await ctx.app.rest.git.createTree({ ...where, tree: [{ path: 'audit.jsonl', mode: '100644', type: 'blob', content }] })).data;
  const commit = (await ctx.app.rest.git.createCommit({ ...where, message: 'Audit chain of plan v1\n', tree: tree.sha, parents: [] })).data;
  await ctx.app.rest.git.createRef({ ...where, ref: `refs/heads/${AUDIT_BRANCH}`, sha: commit.sha });
  ctx.out(`      ${ctx.bot.name} published audit.jsonl on branch ${AUDIT_BRANCH} (${commit.sha.slice(0, 7)})`);
}

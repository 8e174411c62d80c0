// The reviewers approve through the REST API with their own tokens; then the app, with its installation
// token, records what GitHub reports about the pull request (recordApprovals): the record signing reads.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordApprovals } from '../../../app/github/approvals-record.js';
import { FULL_NAME, NAME, OWNER, REVIEWERS, type DemoContext } from '../context.js';

export async function reviewAndRecord(ctx: DemoContext): Promise<void> {
  for (const r of REVIEWERS) await ctx.gh.people.as(r.user).review(FULL_NAME, ctx.pull!, 'APPROVE');
  const record = await recordApprovals(ctx.app, { owner: OWNER, repo: NAME, pull_number: ctx.pull! });
  ctx.reviewedSha = record.head_sha;
  ctx.approvalsFile = join(ctx.work, 'approvals.json');
  await writeFile(ctx.approvalsFile, `${JSON.stringify(record, null, 2)}\n`);
  const short = record.head_sha.slice(0, 7);
  for (const review of record.reviews) {
    const role = REVIEWERS.find((r) => r.user === review.user)?.role ?? 'no role';
    ctx.out(`      ${review.user} ${review.state} ${review.commit_id?.slice(0, 7) ?? '(unknown commit)'} (${role})`);
    ctx.timeline.add(review.user, `${review.state.toLowerCase()} ${review.commit_id?.slice(0, 7) ?? '?'} as ${role}`);
    await ctx.audit({ actor: review.user, action: 'review.approved', subject: `pull/${ctx.pull}`, reasoning: `approved as ${role}`, refs: { commit: record.head_sha } });
  }
  const teams = Object.entries(record.teams).map(([t, m]) => `${t}: ${m?.join(', ') || '(nobody)'}`).join('; ');
  ctx.out(`      the app recorded #${ctx.pull} @ ${short} from the REST API: ${record.reviews.length} reviews, ${record.changed_files.length} changed file(s),`);
  ctx.out(`      plan sha256 ${record.plan_sha256.slice(0, 12)}…, teams { ${teams} }, CODEOWNERS from ${record.base_ref}: ${record.codeowners === null ? 'none' : 'yes'}`);
  ctx.out(`      -> ${ctx.approvalsFile}`);
}

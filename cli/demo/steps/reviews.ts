// The reviewers approve through the REST API with their own tokens; the app, on each review, recomputes
// migration/approvals from what GitHub reports (roles and CODEOWNERS from main).
import { NAME, OWNER, PEOPLE, REVIEWERS, FULL_NAME, BOT, type DemoContext } from '../context.js';
import { checkRunsOn } from './pull-request.js';

export async function review(ctx: DemoContext): Promise<void> {
  const carol = ctx.gh.people.as(PEOPLE.author).octokit;
  const head = (await carol.pulls.get({ owner: OWNER, repo: NAME, pull_number: ctx.pull! })).data.head.sha;
  for (const r of REVIEWERS) {
    await ctx.gh.people.as(r.user).review(FULL_NAME, ctx.pull!, 'APPROVE');
    ctx.out(`      ${r.user} approved ${head.slice(0, 7)} (${r.role})`);
    ctx.timeline.add(r.user, `approved ${head.slice(0, 7)} as ${r.role}`);
  }
  await ctx.settle();
  const approvals = (await checkRunsOn(ctx, head)).byName.get('approvals') ?? 'missing';
  ctx.out(`      the app recomputed migration/approvals on ${head.slice(0, 7)}: ${approvals}`);
  ctx.timeline.add(BOT, `migration/approvals on ${head.slice(0, 7)}: ${approvals}`);
}

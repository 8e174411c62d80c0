// Signing on the pull request's head (what `/plan sign` does): a dry run, then the SignedPlan and its
// bundle, committed and pushed to the pull request's branch by the app. The plan's bytes do not change,
// so every approval's sha256_of_reviewed still matches what the runner will find.
import { CopilotError } from '../../../core/errors.js';
import { BRANCH, NAME, OWNER, VERSION, type DemoContext } from '../context.js';
import { expectExit } from '../expect-exit.js';
import { gitAs } from '../git.js';

export async function signOnHead(ctx: DemoContext, dryRun: boolean): Promise<void> {
  const argv = ['sign', '--repo', ctx.headDir!, '--key', ctx.keys.planKeyFile, '--approvals', ctx.approvalsFile!, ...(dryRun ? ['--dry-run'] : [])];
  await expectExit(ctx, argv, 0);
  await ctx.audit({ actor: `${ctx.gh.app.slug}[bot]`, action: dryRun ? 'plan.sign_dry_run' : 'plan.sign', subject: 'plans/migration_plan.json',
    reasoning: 'sign exited 0', refs: { commit: ctx.reviewedSha! } });
}

export async function pushSigned(ctx: DemoContext): Promise<void> {
  const git = gitAs(ctx.headDir!, await ctx.appToken(), ctx.bot);
  await git.add(['plans/signed']);
  await git.commit(`Sign plan v${VERSION}`);
  await git.push('origin', BRANCH);
  const head = (await git.revparse(['HEAD'])).trim();
  const pr = (await ctx.app.rest.pulls.get({ owner: OWNER, repo: NAME, pull_number: ctx.pull! })).data;
  if (pr.head.sha !== head) throw new CopilotError('INTERNAL', `pushed ${head.slice(0, 12)} but the pull request's head is ${pr.head.sha.slice(0, 12)}`);
  ctx.out(`      ${ctx.bot.name} pushed ${head.slice(0, 7)} "Sign plan v${VERSION}" to ${BRANCH}; the pull request's files now:`);
  const files = (await ctx.app.rest.pulls.listFiles({ owner: OWNER, repo: NAME, pull_number: ctx.pull!, per_page: 100 })).data;
  for (const f of files) ctx.out(`        ${f.status.padEnd(8)} ${f.filename}`);
  ctx.timeline.add(ctx.bot.name, `signed v${VERSION} (plans/signed/v${VERSION}.json + bundle), pushed ${head.slice(0, 7)}`);
}

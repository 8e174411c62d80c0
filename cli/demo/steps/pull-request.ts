// carol pushes branch plan-v1 with the plan and opens the pull request, both through the REST API with her
// own token; then the validators run, as the app's check runs would, on a clone of the pull request's head,
// with roles, signers and policy read from a clone of main.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';
import { CopilotError } from '../../../core/errors.js';
import { BRANCH, FULL_NAME, NAME, OWNER, PEOPLE, type DemoContext } from '../context.js';
import { expectExit } from '../expect-exit.js';
import { clone, gitAs } from '../git.js';
import { PLAN_PATH } from '../repo-content.js';
import { publishCheckRuns } from './check-runs.js';

/** carol works as anyone would: clone main over HTTP, add the plan on a branch, commit, push. */
async function pushPlanBranch(ctx: DemoContext, plan: string): Promise<string> {
  const carol = ctx.gh.people.as(PEOPLE.author);
  const dir = join(ctx.work, 'carol');
  await clone(ctx.cloneUrl, dir, carol.token, 'main');
  const git = gitAs(dir, carol.token, { name: carol.login, email: `${carol.login}@users.playground.test` });
  await git.checkoutLocalBranch(BRANCH);
  await mkdir(join(dir, dirname(PLAN_PATH)), { recursive: true });
  await writeFile(join(dir, PLAN_PATH), plan);
  await git.add([PLAN_PATH]);
  await git.commit('Plan v1: copy customers and orders, reconcile by segment checksums');
  await git.push(['--quiet', '-u', 'origin', BRANCH]);
  return (await git.revparse(['HEAD'])).trim();
}

export async function openPlanPull(ctx: DemoContext, plan: string): Promise<void> {
  const carol = ctx.gh.people.as(PEOPLE.author);
  const head = await pushPlanBranch(ctx, plan);
  ctx.pull = await carol.openPull(FULL_NAME, { head: BRANCH, title: 'Plan v1', body: 'Copy customers and orders; reconcile by segment checksums.' });
  ctx.out(`      ${PEOPLE.author} pushed ${BRANCH} (${head.slice(0, 7)}, adds ${PLAN_PATH}) and opened ${FULL_NAME}#${ctx.pull}`);
  ctx.timeline.add(PEOPLE.author, `opened #${ctx.pull} "Plan v1" (${BRANCH} @ ${head.slice(0, 7)})`);
  await ctx.audit({ actor: PEOPLE.author, action: 'plan.proposed', subject: `pull/${ctx.pull}`, reasoning: 'plan PR opened', refs: { commit: head } });
}

export async function runValidators(ctx: DemoContext): Promise<void> {
  const token = await ctx.appToken();
  ctx.headDir = join(ctx.work, 'pr-head');
  ctx.baseDir = join(ctx.work, 'main');
  await clone(ctx.cloneUrl, ctx.headDir, token, BRANCH);
  await clone(ctx.cloneUrl, ctx.baseDir, token, 'main');
  const pr = (await ctx.app.rest.pulls.get({ owner: OWNER, repo: NAME, pull_number: ctx.pull! })).data;
  const cloned = (await simpleGit(ctx.headDir).revparse(['HEAD'])).trim();
  if (cloned !== pr.head.sha) throw new CopilotError('INTERNAL', `the clone of ${BRANCH} is at ${cloned.slice(0, 12)}, the pull request's head is ${pr.head.sha.slice(0, 12)}`);
  ctx.out(`      cloned the head ${cloned.slice(0, 7)} and main over HTTP with the app's installation token`);
  const output = await expectExit(ctx, ['validate', '--repo', ctx.headDir, '--base', ctx.baseDir], 0);
  const verdict = /validate: (\w+): (\d+) passed/.exec(output);
  const checks = await publishCheckRuns(ctx, cloned);
  ctx.out(`      the app's check runs migration/* on ${cloned.slice(0, 7)}: ${checks.join('; ')}`);
  ctx.timeline.add(`${ctx.gh.app.slug}[bot]`, `validators on ${cloned.slice(0, 7)}: ${verdict ? `${verdict[1]} (${verdict[2]} passed)` : 'ran'}, as check runs`);
  await ctx.audit({ actor: `${ctx.gh.app.slug}[bot]`, action: 'plan.validate', subject: PLAN_PATH, reasoning: 'validate exited 0', refs: { commit: cloned } });
}

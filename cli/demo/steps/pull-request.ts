// carol works as anyone would: clones main over HTTP, adds the plan on branch plan-v1, pushes, and opens the
// pull request through the REST API with her own token. The app, on the webhook, posts one check run per
// validator on the head; the demo reads them back as carol would see them.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CopilotError } from '../../../core/errors.js';
import { BOT, BRANCH, FULL_NAME, NAME, OWNER, PEOPLE, type DemoContext } from '../context.js';
import { clone, gitAs } from '../git.js';
import { PLAN_PATH } from '../repo-content.js';

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

/** The app's check runs on a commit, as "conclusion: name, name" groups. */
export async function checkRunsOn(ctx: DemoContext, sha: string): Promise<{ groups: string[]; byName: Map<string, string> }> {
  const runs = (await ctx.gh.people.as(PEOPLE.author).octokit.checks.listForRef({ owner: OWNER, repo: NAME, ref: sha, filter: 'latest', per_page: 100 })).data.check_runs
    .filter((r) => r.name.startsWith('migration/'));
  const byName = new Map(runs.map((r) => [r.name.replace(/^migration\//, ''), r.conclusion ?? r.status]));
  const groups = new Map<string, string[]>();
  for (const [name, conclusion] of byName) groups.set(conclusion, [...(groups.get(conclusion) ?? []), name]);
  return { groups: [...groups].map(([c, names]) => `${c}: ${names.join(', ')}`), byName };
}

export async function openPlanPull(ctx: DemoContext, plan: string): Promise<void> {
  const head = await pushPlanBranch(ctx, plan);
  ctx.pull = await ctx.gh.people.as(PEOPLE.author).openPull(FULL_NAME, { head: BRANCH, title: 'Plan v1', body: 'Copy customers and orders; reconcile by segment checksums.' });
  ctx.out(`      ${PEOPLE.author} pushed ${BRANCH} (${head.slice(0, 7)}, adds ${PLAN_PATH}) and opened ${FULL_NAME}#${ctx.pull}`);
  ctx.timeline.add(PEOPLE.author, `opened #${ctx.pull} "Plan v1" (${BRANCH} @ ${head.slice(0, 7)})`);
  await ctx.settle();
  const { groups, byName } = await checkRunsOn(ctx, head);
  if (byName.size === 0) throw new CopilotError('INTERNAL', `the app posted no check run on ${head.slice(0, 12)}; see app.log in the work folder`);
  ctx.out(`      the app's check runs migration/* on ${head.slice(0, 7)}: ${groups.join('; ')}`);
  ctx.timeline.add(BOT, `check runs on ${head.slice(0, 7)}: ${groups.join('; ')}`);
}

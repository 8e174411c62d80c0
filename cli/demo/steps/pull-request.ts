// carol works as anyone would: clones main over HTTP, adds the plan on branch plan-v1 and moves project.json
// from PLAN_DRAFTED to PLANNED (the step the signing transitions allow a plan pull request), pushes, and opens
// the pull request through the REST API with her own token. The app, on the webhook, posts one check run per
// validator on the head.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { withState } from '../../../core/state/index.js';
import { BRANCH, FULL_NAME, PEOPLE, type DemoContext } from '../context.js';
import { clone, gitAs } from '../git.js';
import { PLAN_PATH } from '../repo-content.js';
import { showChecks } from './people.js';

async function pushPlanBranch(ctx: DemoContext, plan: string): Promise<string> {
  const carol = ctx.gh.people.as(PEOPLE.author);
  const dir = join(ctx.work, 'carol');
  await clone(ctx.cloneUrl, dir, carol.token, 'main');
  const git = gitAs(dir, carol.token, { name: carol.login, email: `${carol.login}@users.playground.test` });
  await git.checkoutLocalBranch(BRANCH);
  await mkdir(join(dir, dirname(PLAN_PATH)), { recursive: true });
  await writeFile(join(dir, PLAN_PATH), plan);
  await writeFile(join(dir, 'project.json'), withState(await readFile(join(dir, 'project.json'), 'utf8'), 'PLANNED'));
  await git.add([PLAN_PATH, 'project.json']);
  await git.commit('Plan v1: copy customers and orders, reconcile by segment checksums');
  await git.push(['--quiet', '-u', 'origin', BRANCH]);
  return (await git.revparse(['HEAD'])).trim();
}

export async function openPlanPull(ctx: DemoContext, plan: string): Promise<void> {
  const head = await pushPlanBranch(ctx, plan);
  ctx.pull = await ctx.gh.people.as(PEOPLE.author).openPull(FULL_NAME, { head: BRANCH, title: 'Plan v1', body: 'Copy customers and orders; reconcile by segment checksums.' });
  ctx.out(`      ${PEOPLE.author} pushed ${BRANCH} (${head.slice(0, 7)}, adds ${PLAN_PATH}, project.json PLAN_DRAFTED -> PLANNED) and opened ${FULL_NAME}#${ctx.pull}`);
  ctx.timeline.add(PEOPLE.author, `opened #${ctx.pull} "Plan v1" (${BRANCH} @ ${head.slice(0, 7)})`);
  await ctx.settle();
  await showChecks(ctx, ctx.pull, head);
}

// The runner's evidence pull request (runner/publish): the execution and recon reports of v<N> on branch
// evidence/plan-v<N>, and project.json PLANNED -> EXECUTED. The roles of PLANNED->EXECUTED (data owner,
// security) and the code owner approve it; rita merges it: EXECUTED.
import { CopilotError } from '../../../core/errors.js';
import { CODE_OWNER, NAME, OWNER, PEOPLE, ROLE_USERS, VERSION, type DemoContext } from '../context.js';
import { approve, mergeAs, pullOf, showChecks } from './people.js';

export async function evidencePull(ctx: DemoContext): Promise<void> {
  const octokit = ctx.gh.people.as(PEOPLE.author).octokit;
  const branch = `evidence/plan-v${VERSION}`;
  const pulls = (await octokit.pulls.list({ owner: OWNER, repo: NAME, head: `${OWNER}:${branch}`, state: 'all' })).data;
  if (pulls.length !== 1) throw new CopilotError('INTERNAL', `expected one evidence pull request from ${branch}, found ${pulls.length}`);
  const number = pulls[0]!.number;
  const pr = await pullOf(ctx, number);
  ctx.out(`      ${pr.author} opened #${number} "${pr.title}" from ${branch}: ${pr.files.join(', ')}`);
  ctx.timeline.add(pr.author, `opened #${number} "${pr.title}"`);
  await showChecks(ctx, number, pr.head);
  await approve(ctx, number, [
    { user: ROLE_USERS.data_owner!, as: 'data_owner' }, { user: ROLE_USERS.security!, as: 'security' }, { user: CODE_OWNER, as: 'code owner' },
  ]);
  await mergeAs(ctx, PEOPLE.releaseManager, number, 'EXECUTED');
}

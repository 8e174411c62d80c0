// rita merges with the merge button (a merge commit GitHub signs, web-flow); the app then tags the merge
// commit plan/v<N>, an annotated tag signed with its SSH tag-signing key, and pushes it over HTTP with its
// installation token, which starts the runner workflow.
import { CopilotError } from '../../../core/errors.js';
import { FULL_NAME, NAME, OWNER, PEOPLE, PLAN_TAG, type DemoContext } from '../context.js';
import { gitAs } from '../git.js';
import { RUNNER_WORKFLOW } from '../repo-content.js';

export async function merge(ctx: DemoContext): Promise<void> {
  ctx.mergeSha = await ctx.gh.people.as(PEOPLE.releaseManager).merge(FULL_NAME, ctx.pull!);
  const commit = (await ctx.app.rest.git.getCommit({ owner: OWNER, repo: NAME, commit_sha: ctx.mergeSha })).data;
  const v = commit.verification;
  ctx.out(`      ${PEOPLE.releaseManager} merged #${ctx.pull} into main: ${ctx.mergeSha.slice(0, 7)} "${commit.message.split('\n')[0]}"`);
  ctx.out(`      committed by ${commit.committer.name}; signature ${v?.verified ? 'verified' : 'NOT verified'} (${v?.reason ?? 'none'}) by GitHub`);
  ctx.timeline.add(PEOPLE.releaseManager, `merged #${ctx.pull} as ${ctx.mergeSha.slice(0, 7)} (signed by GitHub: ${v?.reason ?? 'none'})`);
  await ctx.audit({ actor: PEOPLE.releaseManager, action: 'plan.merged', subject: `pull/${ctx.pull}`, reasoning: 'merged with the merge button', refs: { commit: ctx.mergeSha } });
}

export async function tag(ctx: DemoContext): Promise<void> {
  const git = gitAs(ctx.headDir!, await ctx.appToken(), ctx.bot, ['gpg.format=ssh', `user.signingkey=${ctx.keys.tagKeyFile}`]);
  await git.fetch('origin', 'main');
  await git.raw(['tag', '-s', '-m', `${PLAN_TAG}: signed plan of ${FULL_NAME}#${ctx.pull}`, PLAN_TAG, ctx.mergeSha!]);
  await git.push('origin', `refs/tags/${PLAN_TAG}`);
  const ref = (await ctx.app.rest.git.getRef({ owner: OWNER, repo: NAME, ref: `tags/${PLAN_TAG}` })).data;
  const tagObject = (await ctx.app.rest.git.getTag({ owner: OWNER, repo: NAME, tag_sha: ref.object.sha })).data;
  ctx.out(`      ${ctx.bot.name} pushed annotated tag ${PLAN_TAG} -> ${tagObject.object.sha.slice(0, 7)}, SSH-signed`);
  ctx.out(`      (GitHub reports it ${tagObject.verification?.reason ?? 'unverified'}: the app's tag key belongs to no account; the runner trusts it through signers.tag_signers)`);
  ctx.timeline.add(ctx.bot.name, `tagged ${PLAN_TAG} on ${ctx.mergeSha!.slice(0, 7)} (SSH-signed), pushed over HTTP`);
  await ctx.audit({ actor: ctx.bot.name, action: 'plan.tagged', subject: PLAN_TAG, reasoning: 'signed plan merged', refs: { commit: ctx.mergeSha! } });

  await ctx.gh.actions.idle();
  const runs = ctx.gh.actions.runs.filter((r) => r.ref === `refs/tags/${PLAN_TAG}`);
  if (runs.length === 0) throw new CopilotError('INTERNAL', `pushing ${PLAN_TAG} started no workflow; .github/workflows/${RUNNER_WORKFLOW} should have`);
  for (const run of runs) {
    ctx.out(`      the tag push started workflow "${run.workflowName}" (${run.workflowPath}), run ${run.id}: ${run.status}, ${run.conclusion ?? 'no conclusion'}`);
  }
}

// rita merges with the merge button (a merge commit GitHub signs, web-flow). The app, on the webhook, tags
// the merge commit plan/v<N> (annotated, SSH-signed with its tag key, pushed over HTTPS with its installation
// token), which starts the runner workflow; the simulator runs it for real while the demo prints its log.
import { CopilotError } from '../../../core/errors.js';
import { BOT, NAME, OWNER, PEOPLE, PLAN_TAG, type DemoContext } from '../context.js';
import { RUNNER_WORKFLOW } from '../repo-content.js';
import { mergeAs } from './people.js';

export async function mergeAndTag(ctx: DemoContext): Promise<void> {
  const rita = ctx.gh.people.as(PEOPLE.releaseManager);
  ctx.mergeSha = await mergeAs(ctx, PEOPLE.releaseManager, ctx.pull!, 'PLANNED');
  let ref;
  try {
    ref = (await rita.octokit.git.getRef({ owner: OWNER, repo: NAME, ref: `tags/${PLAN_TAG}` })).data;
  } catch (e) {
    throw new CopilotError('INTERNAL', `the app did not push ${PLAN_TAG} after the merge; see app.log in the work folder`, { cause: e });
  }
  const tag = (await rita.octokit.git.getTag({ owner: OWNER, repo: NAME, tag_sha: ref.object.sha })).data;
  if (tag.object.sha !== ctx.mergeSha) throw new CopilotError('PLAN_REFUSED', `${PLAN_TAG} points at ${tag.object.sha.slice(0, 12)}, not at the merge commit`);
  ctx.out(`      ${BOT} pushed annotated tag ${PLAN_TAG} -> ${tag.object.sha.slice(0, 7)}, tagger ${tag.tagger.name}, SSH-signed`);
  ctx.out(`      (GitHub reports it ${tag.verification?.reason ?? 'unverified'}: the app's tag key belongs to no account; the runner trusts it through signers.tag_signers)`);
  ctx.timeline.add(BOT, `tagged ${PLAN_TAG} on ${ctx.mergeSha.slice(0, 7)} (SSH-signed), pushed over HTTPS`);
  const runs = ctx.gh.actions.runs.filter((r) => r.ref === `refs/tags/${PLAN_TAG}`);
  if (runs.length === 0) throw new CopilotError('INTERNAL', `pushing ${PLAN_TAG} started no workflow; .github/workflows/${RUNNER_WORKFLOW} should have`);
  for (const run of runs) {
    ctx.out(`      the tag push started workflow "${run.workflowName}" (${run.workflowPath}), run ${run.id}: ${run.status}, ${run.conclusion ?? 'no conclusion'}`);
    ctx.timeline.add('github-actions', `run ${run.id} of ${run.workflowName} on ${PLAN_TAG}: ${run.conclusion ?? run.status}`);
    if (run.conclusion !== 'success') {
      throw new CopilotError('PLAN_REFUSED', `workflow run ${run.id} on ${PLAN_TAG} concluded ${run.conclusion ?? run.status}:\n${ctx.gh.actions.log(run.id).trim().split('\n').slice(-12).join('\n')}`);
    }
  }
}

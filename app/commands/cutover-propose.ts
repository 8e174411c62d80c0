// /cutover propose: CutoverAgent's runbooks/cutover.md and rollback.md as a pull request, opened or brought
// up to date (app/proposals/cutover.ts).
import { FORWARD_STATES } from '../../core/state/index.js';
import { proposeCutover } from '../proposals/cutover.js';
import type { CommentCommand } from './command.js';

const cutoverPropose: CommentCommand = {
  name: 'cutover propose', summary: 'write the cutover and rollback runbooks from the merged plan and recon results, as a pull request',
  args: [], roles: ['release_manager', 'tech_lead'], needsPull: false,
  states: FORWARD_STATES.slice(FORWARD_STATES.indexOf('PLAN_DRAFTED'), FORWARD_STATES.indexOf('CUTOVER_READY') + 1),
  async run(ctx) {
    const { result, run, version } = await proposeCutover(ctx.job, ctx.base, ctx.actor);
    const refs = { branch: result.branch, proposal: run.proposal.proposal_id, ...(result.pull ? { pull: String(result.pull) } : {}), ...(result.commit ? { commit: result.commit } : {}) };
    if (result.kind === 'opened' || result.kind === 'updated') {
      await ctx.audit({ actor: ctx.actor, action: 'cutover.proposed', subject: `plan v${version}`, refs, idempotencyKey: `cutover:${result.commit}`,
        reasoning: `CutoverAgent ${run.proposal.proposal_id}: ${run.proposal.summary}` });
    }
    const body = result.kind === 'current'
      ? `${ctx.base.ref} already holds exactly these runbooks for plan v${version}: no pull request needed.`
      : `${result.kind === 'opened' ? 'Opened' : result.kind === 'updated' ? 'Updated' : 'Already up to date:'} #${result.pull} with \`runbooks/cutover.md\` and \`runbooks/rollback.md\` for plan v${version}.`;
    return { ok: true, body, refs, reasoning: `${result.kind} the runbooks of plan v${version}` };
  },
};

export default cutoverPropose;

// /plan propose: the Mapping, Rewrite and Recon agents, the plan compiler and Cutover (through propose())
// on the default branch's discovery, opening or updating the plan pull request (app/proposals/plan.ts).
import { FORWARD_STATES } from '../../core/state/index.js';
import { proposePlan } from '../proposals/plan.js';
import type { CommentCommand } from './command.js';

const planPropose: CommentCommand = {
  name: 'plan propose', summary: 'run the agents and the plan compiler on the merged discovery and open (or update) the plan pull request',
  args: [], roles: ['tech_lead', 'data_owner'], needsPull: false,
  // From the discovery on, up to the cutover: a later proposal is the next plan version.
  states: FORWARD_STATES.slice(FORWARD_STATES.indexOf('DISCOVERED'), FORWARD_STATES.indexOf('CUTOVER_READY') + 1),
  async run(ctx) {
    const { result, proposal, version } = await proposePlan(ctx.job, ctx.base, ctx.actor);
    const open = proposal.decisions.filter((d) => d.status === 'open').length;
    const refs = { branch: result.branch, version: String(version), ...(result.pull ? { pull: String(result.pull) } : {}), ...(result.commit ? { commit: result.commit } : {}) };
    if (result.kind === 'opened' || result.kind === 'updated') {
      await ctx.audit({ actor: ctx.actor, action: 'plan.proposed', subject: `plan v${version}`, refs, idempotencyKey: `plan-propose:${result.commit}`,
        reasoning: `${proposal.runs.map((r) => `${r.proposal.agent.name} ${r.proposal.proposal_id}`).join(', ')}; ${open} open decision(s)` });
    }
    const changed = `${result.written.length} file(s) written${result.deleted.length > 0 ? `, ${result.deleted.length} stale file(s) deleted (${result.deleted.map((p) => `\`${p}\``).join(', ')})` : ''}`;
    const body = result.kind === 'current'
      ? `${ctx.base.ref} already holds exactly what the agents propose for plan v${version}: no pull request needed.`
      : `${result.kind === 'opened' ? 'Opened' : result.kind === 'updated' ? 'Updated' : 'Already up to date:'} #${result.pull} with plan v${version}${result.kind === 'unchanged' ? '' : `: ${changed}`}. ${open > 0 ? `${open} manual decision(s) open: signing stays blocked until they are resolved.` : 'No manual decision is open.'}`;
    return { ok: true, body, refs, reasoning: `${result.kind} plan v${version} on ${result.branch}` };
  },
};

export default planPropose;

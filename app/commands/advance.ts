// /advance <STATE>: opens the transition pull request to the next lifecycle state (app/transitions/open.ts).
import { FORWARD_STATES, STATES, TERMINAL_STATES, type State } from '../../core/state/index.js';
import { openTransition } from '../transitions/open.js';
import type { CommentCommand } from './command.js';

const advance: CommentCommand = {
  name: 'advance', summary: 'open the transition pull request that moves project.json to the next state',
  args: [{ name: 'STATE', values: FORWARD_STATES.slice(1), required: true, describe: 'the next lifecycle state' }],
  roles: ['tech_lead', 'release_manager'],
  states: STATES.filter((s) => !TERMINAL_STATES.includes(s) && s !== 'FAILED'), needsPull: false,
  async run(ctx, args) {
    const result = await openTransition(ctx.job, ctx.base, args.STATE as State, ctx.actor);
    if (result.kind === 'refused') return { ok: false, body: result.reason, reasoning: result.reason };
    const roles = result.roles.length ? `it needs the approval of ${result.roles.join(' and ')}` : 'the policy asks no role to approve it';
    const refs = { pull: String(result.pull), branch: result.branch };
    if (result.kind === 'opened') {
      await ctx.audit({ actor: ctx.actor, action: 'transition.proposed', subject: result.transition, reasoning: `/advance ${args.STATE} opened #${result.pull}; ${roles}`, refs, idempotencyKey: `advance:${result.branch}:${ctx.base.sha}` });
    }
    return {
      ok: true, refs, reasoning: `${result.kind} #${result.pull} for ${result.transition}`,
      body: `${result.kind === 'opened' ? 'Opened' : 'The transition pull request is already open:'} #${result.pull} (${result.transition}); ${roles}. Merging it moves the state.`,
    };
  },
};

export default advance;

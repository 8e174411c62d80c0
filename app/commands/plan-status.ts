// /plan status: writes (or edits in place) the pull request's status comment (app/plan/status.ts).
import { updatePlanStatus } from '../plan/status.js';
import type { CommentCommand } from './command.js';

const planStatus: CommentCommand = {
  name: 'plan status', summary: 'the status comment: checks, approvals still missing by role and CODEOWNERS, signed versions, rows per step, risk',
  args: [], roles: 'writers', states: 'any', needsPull: true,
  async run(ctx) {
    const pull = ctx.pull!;
    const { status } = await updatePlanStatus(ctx.job, { number: pull.number, baseRef: pull.baseRef }, ctx.base.repo);
    const missing = status.missingRoles.length + status.missingOwners.length;
    return {
      ok: true, body: `The status comment of #${pull.number} is up to date for ${status.head.slice(0, 12)}: ${missing === 0 ? 'no approval missing' : `${missing} approval(s) still missing`}, risk ${status.risk.level}.`,
      reasoning: `status of ${status.head.slice(0, 12)}: ${missing} approval(s) missing, risk ${status.risk.level}`, refs: { head: status.head },
    };
  },
};

export default planStatus;

// /recon explain: DiffExplainerAgent's explanation of the evidence pull request's recon reports, as one
// comment kept up to date by marker (app/proposals/recon-explain.ts).
import { FORWARD_STATES } from '../../core/state/index.js';
import { explainRecon } from '../proposals/recon-explain.js';
import type { CommentCommand } from './command.js';

const reconExplain: CommentCommand = {
  name: 'recon explain', summary: 'explain each class of difference of the evidence pull request\'s recon reports, with evidence rows and a suggested fix',
  args: [], roles: 'writers', needsPull: true,
  states: [...FORWARD_STATES.slice(FORWARD_STATES.indexOf('PLANNED'), FORWARD_STATES.indexOf('CUTOVER_DONE') + 1), 'FAILED'],
  async run(ctx) {
    const e = await explainRecon(ctx.job, ctx.base, ctx.pull!);
    const found = e.runs.map((r) => r.proposal.summary).join(' ');
    const refs = { head: ctx.pull!.headSha, comment: String(e.comment.id), proposals: e.runs.map((r) => r.proposal.proposal_id).join(',') };
    return {
      ok: true, refs, reasoning: `explained ${e.reports.join(', ')}: ${found}`,
      body: `${e.comment.action === 'created' ? 'Explained' : e.comment.action === 'updated' ? 'Updated the explanation of' : 'The explanation is current for'} ${e.reports.map((r) => `\`${r}\``).join(', ')}: ${found}`,
    };
  },
};

export default reconExplain;

// /plan validate: runs every validator again on the pull request head (the reconciler, with every check run
// rerun) and answers with each check's conclusion.
import { reconcileRepository } from '../reconcile/repository.js';
import type { CommentCommand } from './command.js';

const planValidate: CommentCommand = {
  name: 'plan validate', summary: 'run every validator again on the head and post the check runs',
  args: [], roles: 'writers', states: 'any', needsPull: true,
  async run(ctx) {
    const pull = ctx.pull!;
    const where = { owner: ctx.job.owner, repo: ctx.job.repo };
    await reconcileRepository(ctx.job, { pull_number: pull.number, rerun: ['*'] });
    const runs = (await ctx.job.octokit.rest.checks.listForRef({ ...where, ref: pull.headSha, filter: 'latest', per_page: 100 })).data.check_runs
      .filter((r) => r.name.startsWith('migration/')).sort((a, b) => a.name.localeCompare(b.name));
    const failing = runs.filter((r) => r.conclusion === 'failure' || r.conclusion === 'neutral');
    const body = [
      `Validated ${pull.headSha.slice(0, 12)} with the rules of ${ctx.base.ref} (${ctx.base.sha.slice(0, 12)}):`,
      '',
      '| check | conclusion | |',
      '|---|---|---|',
      ...runs.map((r) => `| \`${r.name}\` | ${r.conclusion ?? r.status} | ${r.output.title ?? ''} |`),
    ].join('\n');
    return { ok: true, body, reasoning: `validated ${pull.headSha.slice(0, 12)}: ${failing.length} check(s) not passing`, refs: { head: pull.headSha } };
  },
};

export default planValidate;

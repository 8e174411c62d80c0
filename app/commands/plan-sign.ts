// /plan sign: every validator and the approval rules on the pull request head, with the base branch's rules,
// then the SignedPlan (with the team members it relied on and the audit head) and its bundle committed to the
// pull request's branch (app/plan/sign.ts). The answer lists what the signature rests on, or every reason
// it was refused.
import type { SignedPlan } from '../../core/signing/index.js';
import { signPullRequest, type SignResult } from '../plan/sign.js';
import type { CommandOutcome, CommentCommand } from './command.js';

const short = (sha: string) => sha.slice(0, 12);

export function renderSignResult(result: SignResult, pull: number): string {
  if (result.kind === 'already') {
    return `The plan at ${short(result.head)} (sha256 ${short(result.planSha256)}) is already signed as v${result.version}: nothing to do. Merge #${pull} to tag \`plan/v${result.version}\`.`;
  }
  if (result.kind === 'refused') {
    return [`Not signed: the head ${short(result.head)} does not meet the base branch's rules.`, '', ...result.reasons.map((r) => `- ${r}`)].join('\n');
  }
  return renderSigned(result.signedPlan, result.commit, result.reviewedHead, result.keyId, pull);
}

export function renderSigned(plan: SignedPlan, commit: string, reviewedHead: string, keyId: string, pull: number): string {
  const teams = Object.entries(plan.teams ?? {}).map(([t, m]) => `\`${t}\`: ${m?.join(', ') || 'nobody'}`);
  return [
    `Signed **v${plan.version}** of \`${plan.plan_id}\` on the reviewed head ${short(reviewedHead)}; committed \`plans/signed/v${plan.version}.json\` and \`v${plan.version}.sigstore.json\` as ${short(commit)}.`,
    '',
    '| | |',
    '|---|---|',
    `| plan sha256 | \`${short(plan.plan_sha256)}\` |`,
    `| policy version | \`${short(plan.policy_version)}\` |`,
    `| signing key | \`${short(keyId)}\` |`,
    `| inputs bound | ${Object.keys(plan.inputs).length} files |`,
    `| audit head | ${plan.audit_head ? `entry ${plan.audit_head.seq} (\`${short(plan.audit_head.hash)}\`)` : 'none yet'} |`,
    `| validators | ${plan.validators.map((v) => `${v.id} ${v.status}`).join(', ')} |`,
    '',
    '| approver | role | transition |',
    '|---|---|---|',
    ...plan.approvals.map((a) => `| @${a.approver} | ${a.role} | ${a.transition} |`),
    ...(teams.length ? ['', `Team members relied on: ${teams.join('; ')}.`] : []),
    '',
    `When a person merges #${pull}, the app tags the merge commit \`plan/v${plan.version}\` and the runner workflow starts.`,
  ].join('\n');
}

const planSign: CommentCommand = {
  name: 'plan sign', summary: 'check every validator and approval on the head with the base branch\'s rules, then sign and commit `plans/signed/v<N>.json`',
  args: [], roles: 'writers', states: ['PLAN_DRAFTED', 'PLANNED'], needsPull: true,
  async run(ctx): Promise<CommandOutcome> {
    const pull = ctx.pull!;
    const result = await signPullRequest({ job: ctx.job, pull: { number: pull.number, headRef: pull.headRef }, base: ctx.base.repo, now: ctx.now() });
    const body = renderSignResult(result, pull.number);
    if (result.kind === 'refused') return { ok: false, body, reasoning: `refused: ${result.reasons.join('; ')}`, refs: { head: result.head } };
    if (result.kind === 'already') return { ok: true, body, reasoning: `already signed as v${result.version}`, refs: { head: result.head, plan_sha256: result.planSha256 } };
    const refs = { commit: result.commit, head: result.reviewedHead, plan_sha256: result.signedPlan.plan_sha256 };
    await ctx.audit({
      actor: ctx.actor, action: 'plan.signed', subject: `plan/v${result.version}`, refs, idempotencyKey: `sign:${result.reviewedHead}`,
      reasoning: `signed v${result.version} on ${short(result.reviewedHead)}: every validator passed and ${result.signedPlan.approvals.map((a) => `${a.approver} (${a.role})`).join(', ')} approved`,
    });
    return { ok: true, body, reasoning: `signed v${result.version}`, refs };
  },
};

export default planSign;

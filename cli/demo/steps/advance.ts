// One later transition: a person with the role to ask comments `/advance <STATE>` on the migration's issue;
// the app opens the transition pull request (project.json moved one step) and its migration/approvals check
// demands the transition's roles from the base branch's policy; they and the code owner approve; a person
// merges; the app records the state change in the audit chain.
import { CopilotError } from '../../../core/errors.js';
import { CODE_OWNER, PEOPLE, ROLE_USERS, type DemoContext } from '../context.js';
import { commentAs } from './comment.js';
import { approve, mergeAs, pullOf, showChecks } from './people.js';

export async function advance(ctx: DemoContext, to: string, asker: string, roles: readonly string[]): Promise<void> {
  const { reply, done } = await commentAs(ctx, asker, `/advance ${to}`, 3, ctx.issue!);
  const number = Number(/#(\d+)/.exec(reply.split('\n').find((l) => /#\d+ \(/.test(l)) ?? '')?.[1]);
  if (!done || !Number.isInteger(number)) throw new CopilotError('VALIDATION_FAILED', `/advance ${to} opened no transition pull request; the app's answer above says why`);
  const pr = await pullOf(ctx, number);
  ctx.timeline.add(pr.author, `opened #${number} "${pr.title}" (${pr.files.join(', ')})`);
  await showChecks(ctx, number, pr.head);
  await approve(ctx, number, [...roles.map((r) => ({ user: ROLE_USERS[r]!, as: r })), { user: CODE_OWNER, as: 'code owner' }]);
  await mergeAs(ctx, PEOPLE.releaseManager, number, to);
}

// A person comments a command on an issue or pull request; the app answers in a reply kept by marker. The
// demo prints the reply as the person reads it (headings and the first lines, digests shortened).
import { CopilotError } from '../../../core/errors.js';
import { BOT, FULL_NAME, NAME, OWNER, type DemoContext } from '../context.js';
import { shortenDigests } from '../digest.js';

/** The body of the app's comment on issue or pull request `issue` that carries `marker`, or undefined. */
export async function appComment(ctx: DemoContext, marker: string, issue = ctx.pull!): Promise<string | undefined> {
  const octokit = ctx.gh.people.as('carol').octokit;
  const comments = await octokit.paginate(octokit.issues.listComments, { owner: OWNER, repo: NAME, issue_number: issue, per_page: 100 });
  return comments.find((c) => c.user?.login === BOT && c.body?.includes(marker))?.body ?? undefined;
}

export function printLines(ctx: DemoContext, text: string, max: number): void {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('<!--'));
  for (const l of lines.slice(0, max)) ctx.out(`        ${shortenDigests(l)}`);
  if (lines.length > max) ctx.out(`        … (${lines.length - max} more lines in the comment)`);
}

/** Comments `body` as `login` on `issue` (default: the current pull request), waits for the app, returns its reply and whether every command was done. */
export async function commentAs(ctx: DemoContext, login: string, body: string, maxLines = 12, issue = ctx.pull!): Promise<{ reply: string; done: boolean }> {
  const id = await ctx.gh.people.as(login).comment(FULL_NAME, issue, body);
  ctx.out(`      ${login} commented \`${body}\` on #${issue}`);
  ctx.timeline.add(login, `commented ${body} on #${issue}`);
  await ctx.settle();
  const reply = await appComment(ctx, `<!-- migration-copilot:command:${id} -->`, issue);
  if (!reply) throw new CopilotError('INTERNAL', `the app did not answer ${login}'s \`${body}\`; see app.log in the work folder`);
  const reactions = (await ctx.gh.people.as(login).octokit.reactions.listForIssueComment({ owner: OWNER, repo: NAME, comment_id: id })).data
    .filter((r) => r.user?.login === BOT).map((r) => r.content);
  ctx.out(`      the app reacted ${reactions.join(', ')} and answered:`);
  printLines(ctx, reply, maxLines);
  const done = reactions.includes('+1');
  ctx.timeline.add(BOT, `answered ${body.split(' ').slice(0, 2).join(' ')} on #${issue}: ${done ? 'done' : 'refused'}`);
  return { reply, done };
}

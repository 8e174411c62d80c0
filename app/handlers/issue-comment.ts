// issue_comment: created and edited comments go to the comment commands (app/commands), in the
// repository's queue; comments by bots (the app's own answers among them) are not commands.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore } from './enqueue.js';

export async function onIssueComment(ctx: Context<'issue_comment'>, queue: JobQueue): Promise<void> {
  const action = actionOf(ctx);
  if (action !== 'created' && action !== 'edited') return ignore(ctx, `issue_comment.${action || '?'} is not a command`);
  if (field(ctx.payload, 'comment', 'user', 'type') === 'Bot') return ignore(ctx, 'a comment by a bot is not a command');
  if (typeof field(ctx.payload, 'comment', 'body') !== 'string') return ignore(ctx, 'the comment has no body');
  await enqueueFor(ctx, queue, 'comment', ctx.payload);
}

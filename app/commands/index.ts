// Comment commands (/help, /plan ..., /advance ...): the registry and dispatcher live here. Placeholder
// until the command registry lands: it only logs that the comment was not handled.
import type { IssueCommentPayload, RepoJob } from '../job.js';

export async function handleCommentCommand(job: RepoJob, payload: IssueCommentPayload): Promise<void> {
  job.log.info({ comment: payload.comment.id }, 'comment command not handled');
}

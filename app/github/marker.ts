// Keyed comments: every comment the app writes carries a hidden marker `<!-- migration-copilot:KIND:ID -->`
// (KIND and ID from [A-Za-z0-9._/-]); upsertMarkerComment finds the app's comment with that marker on the
// issue or pull request and edits it in place, or creates it, so a redelivered event never leaves a second
// copy. A body that is already current is not rewritten.
import { CopilotError } from '../../core/errors.js';
import type { RepoJob } from '../job.js';
import type { CommentShape } from './port.js';

const TOKEN = /^[A-Za-z0-9._/-]{1,100}$/;
const PER_PAGE = 100;
const MAX_PAGES = 50;

export function markerOf(kind: string, id: string | number): string {
  const idText = String(id);
  if (!TOKEN.test(kind) || !TOKEN.test(idText)) {
    throw new CopilotError('INTERNAL', `a comment marker's kind and id are [A-Za-z0-9._/-]{1,100}, not "${kind}":"${idText}"`);
  }
  return `<!-- migration-copilot:${kind}:${idText} -->`;
}

/** The body with its marker as the first line (the marker is what the next write looks for). */
export function markedBody(kind: string, id: string | number, body: string): string {
  return `${markerOf(kind, id)}\n${body}`;
}

function isBot(c: CommentShape): boolean {
  return c.user?.type === 'Bot' || (c.user?.login.endsWith('[bot]') ?? false);
}

/** The app's comment carrying this marker on the issue or pull request, if any (the oldest, if somehow several). */
export async function findMarkerComment(job: RepoJob, issueNumber: number, kind: string, id: string | number): Promise<CommentShape | undefined> {
  const marker = markerOf(kind, id);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await job.port.rest.issues.listComments({ owner: job.owner, repo: job.repo, issue_number: issueNumber, per_page: PER_PAGE, page });
    const found = data.find((c) => isBot(c) && (c.body ?? '').includes(marker));
    if (found) return found;
    if (data.length < PER_PAGE) return undefined;
  }
  return undefined;
}

export interface UpsertResult {
  readonly id: number;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/** Creates or edits in place the app's comment with marker KIND:ID on issue or pull request `issueNumber`. */
export async function upsertMarkerComment(job: RepoJob, issueNumber: number, kind: string, id: string | number, body: string): Promise<UpsertResult> {
  const full = markedBody(kind, id, body);
  const existing = await findMarkerComment(job, issueNumber, kind, id);
  if (existing) {
    if (existing.body === full) return { id: existing.id, action: 'unchanged' };
    await job.port.rest.issues.updateComment({ owner: job.owner, repo: job.repo, comment_id: existing.id, body: full });
    return { id: existing.id, action: 'updated' };
  }
  const created = (await job.port.rest.issues.createComment({ owner: job.owner, repo: job.repo, issue_number: issueNumber, body: full })).data;
  return { id: created.id, action: 'created' };
}

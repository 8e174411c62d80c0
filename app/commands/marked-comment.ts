// A comment the app keeps by a hidden marker `<!-- migration-copilot:KIND:ID -->`: found among the issue's
// comments by the app's own bot account, edited in place when its body changed, created once otherwise.
// Reads go through the uncached client: the comment may have been written earlier in the same job.
import type { RepoJob } from '../job.js';

type Where = { owner: string; repo: string };

export function marker(kind: string, id: string | number): string {
  return `<!-- migration-copilot:${kind}:${id} -->`;
}

export interface MarkedComment {
  readonly id: number;
  readonly body: string;
  readonly url: string;
}

export async function findMarkedComment(job: RepoJob, where: Where, issue: number, mark: string): Promise<MarkedComment | undefined> {
  const comments = await job.octokit.paginate(job.octokit.rest.issues.listComments, { ...where, issue_number: issue, per_page: 100 });
  const found = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(mark));
  return found ? { id: found.id, body: found.body ?? '', url: found.html_url } : undefined;
}

/** Creates or edits the comment carrying `mark` so its body is `body` (which must contain the mark). */
export async function upsertMarkedComment(job: RepoJob, where: Where, issue: number, mark: string, body: string): Promise<MarkedComment> {
  const existing = await findMarkedComment(job, where, issue, mark);
  if (existing && existing.body === body) return existing;
  if (existing) {
    const updated = (await job.octokit.rest.issues.updateComment({ ...where, comment_id: existing.id, body })).data;
    return { id: updated.id, body, url: updated.html_url };
  }
  const created = (await job.octokit.rest.issues.createComment({ ...where, issue_number: issue, body })).data;
  return { id: created.id, body, url: created.html_url };
}

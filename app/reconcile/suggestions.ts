// Suggestion review comments: for failing findings with a mechanical fix (app/checks/fixes.ts) on files the
// pull request changes, one review on the head commit whose line comments each hold a ```suggestion, so the
// fix is one click. Keyed by head SHA: the review body carries the marker `suggestions:<head sha>`, and a
// head that already has it gets no second review. A review GitHub refuses (a line outside the diff) is
// logged; the check runs already say the same.
import type { MigrationContext } from '../../core/repo/index.js';
import type { DesiredCheck } from '../checks/desired.js';
import { mechanicalFixes } from '../checks/fixes.js';
import { markedBody, markerOf } from '../github/marker.js';
import type { PullShape } from '../github/port.js';
import type { RepoJob } from '../job.js';

const PER_PAGE = 100;

async function allPages<T>(page: (n: number) => Promise<{ readonly data: readonly T[] }>): Promise<T[]> {
  const out: T[] = [];
  for (let n = 1; n <= 30; n++) {
    const { data } = await page(n);
    out.push(...data);
    if (data.length < PER_PAGE) break;
  }
  return out;
}

export async function publishSuggestions(job: RepoJob, pr: PullShape, head: MigrationContext, base: MigrationContext, desired: readonly DesiredCheck[]): Promise<number> {
  const findings = desired.filter((c) => c.conclusion === 'failure').flatMap((c) => c.findings);
  const fixes = mechanicalFixes(head, base, findings);
  if (fixes.length === 0) return 0;
  const where = { owner: job.owner, repo: job.repo, pull_number: pr.number };
  // The same pages the approvals record read: answered from the job's memo.
  const [reviews, files] = await Promise.all([
    allPages((page) => job.port.rest.pulls.listReviews({ ...where, per_page: PER_PAGE, page })),
    allPages((page) => job.port.rest.pulls.listFiles({ ...where, per_page: PER_PAGE, page })),
  ]);
  const marker = markerOf('suggestions', pr.head.sha);
  if (reviews.some((r) => (r.body ?? '').includes(marker))) return 0;
  const changed = new Set(files.map((f) => f.filename));
  const offered = fixes.filter((f) => changed.has(f.path));
  if (offered.length === 0) return 0;
  const body = `${offered.length} finding${offered.length === 1 ? ' has a' : 's have a'} mechanical fix: each comment below holds it as a suggestion (one click to commit). The check runs list every finding.`;
  try {
    await job.port.rest.pulls.createReview({
      ...where, commit_id: pr.head.sha, event: 'COMMENT', body: markedBody('suggestions', pr.head.sha, body),
      comments: offered.map((f) => ({
        path: f.path, line: f.line, side: 'RIGHT',
        body: `\`${f.finding.rule}\`: ${f.finding.message}\n\n\`\`\`suggestion\n${f.replacement}\n\`\`\`\n`,
      })),
    });
  } catch (e) {
    job.log.warn({ err: e, pull: pr.number }, 'the suggestion review was refused');
    return 0;
  }
  return offered.length;
}

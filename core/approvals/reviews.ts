// Which reviewers approve the current head. A reviewer's standing is their latest review that states
// an opinion: a later COMMENTED review changes nothing, a later CHANGES_REQUESTED withdraws an
// approval, and a dismissed latest review withdraws it too (an older approval does not come back).
import type { Review } from './types.js';

export type Standing =
  | { readonly user: string; readonly approves: true; readonly review: Review }
  | { readonly user: string; readonly approves: false; readonly reason: string };

export const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
export const short = (sha: string | null) => (sha === null ? 'an unknown commit' : sha.slice(0, 7));

function chronological(a: Review, b: Review): number {
  const ta = Date.parse(a.submitted_at);
  const tb = Date.parse(b.submitted_at);
  if (ta !== tb) return (Number.isNaN(ta) ? 0 : ta) - (Number.isNaN(tb) ? 0 : tb);
  return a.id - b.id;
}

function standingOf(user: string, reviews: readonly Review[], author: string, headSha: string): Standing {
  if (sameLogin(user, author)) return { user, approves: false, reason: 'author cannot approve own PR' };
  const opinions = reviews.filter((r) => r.state !== 'COMMENTED');
  const latest = opinions[opinions.length - 1];
  if (!latest) return { user, approves: false, reason: 'commented without approving' };
  if (latest.state === 'DISMISSED') return { user, approves: false, reason: `dismissed: review #${latest.id} was dismissed` };
  if (latest.state === 'CHANGES_REQUESTED') {
    const approvedBefore = opinions.some((r) => r.state === 'APPROVED');
    return {
      user, approves: false,
      reason: approvedBefore
        ? `superseded by later CHANGES_REQUESTED (review #${latest.id})`
        : `requested changes (review #${latest.id})`,
    };
  }
  if (latest.commit_id === null || latest.commit_id.toLowerCase() !== headSha.toLowerCase()) {
    return { user, approves: false, reason: `stale: reviewed ${short(latest.commit_id)}, head is ${short(headSha)}` };
  }
  return { user, approves: true, review: latest };
}

/**
 * Every reviewer's standing, approvers first in the order they approved, then the others in the
 * order they first reviewed. Logins compare case-insensitively, as GitHub's do.
 */
export function standings(reviews: readonly Review[], author: string, headSha: string): Standing[] {
  const byUser = new Map<string, Review[]>();
  for (const review of [...reviews].sort(chronological)) {
    const key = review.user.toLowerCase();
    const list = byUser.get(key) ?? [];
    list.push(review);
    byUser.set(key, list);
  }
  const all = [...byUser.values()].map((list) => standingOf(list[0]!.user, list, author, headSha));
  const approvers = all.filter((s): s is Extract<Standing, { approves: true }> => s.approves)
    .sort((a, b) => chronological(a.review, b.review));
  return [...approvers, ...all.filter((s) => !s.approves)];
}

// Shapes of pull requests, issues, reviews, comments and reactions, valid for both the REST API and
// webhooks (GitHub's webhook schemas forbid extra fields, the REST description requires others).
import type { Sim } from '../sim.js';
import type { Issue, IssueComment, Label, Pull, Reaction, Repo, Review } from '../state/types.js';
import { nodeId, repoShape, userShape } from './shapes.js';
import { pullStats } from './pull-stats.js';

const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'eyes', 'rocket'] as const;

export function reactionRollup(sim: Sim, subject: string, url: string): Record<string, unknown> {
  const rollup: Record<string, unknown> = { url: `${url}/reactions`, total_count: 0 };
  for (const r of REACTIONS) rollup[r] = 0;
  for (const reaction of sim.store.reactions.values()) {
    if (reaction.subject !== subject) continue;
    rollup[reaction.content] = (rollup[reaction.content] as number) + 1;
    rollup.total_count = (rollup.total_count as number) + 1;
  }
  return rollup;
}

export function labelShape(sim: Sim, repo: Repo, l: Label): Record<string, unknown> {
  return {
    id: l.id, node_id: nodeId('Label', l.id), url: `${sim.url}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name, description: l.description, color: l.color, default: false,
  };
}

function labelsOf(sim: Sim, repo: Repo, issue: Issue): Record<string, unknown>[] {
  return (issue.labels ?? []).map((name) => labelShape(sim, repo, sim.store.label(repo.id, name)!));
}

export function authorAssociation(sim: Sim, repo: Repo, login: string): string {
  const l = login.toLowerCase();
  if (repo.owner.toLowerCase() === l) return 'OWNER';
  if (sim.store.isOrgMember(repo.owner, l)) return 'MEMBER';
  if (repo.collaborators.has(l)) return 'COLLABORATOR';
  return 'NONE';
}

/** A side of a pull request; a head from a fork (`repoId`) names the fork's owner and repository. */
function branchShape(sim: Sim, base: Repo, side: { ref: string; sha: string; repoId?: number }): Record<string, unknown> {
  const repo = side.repoId === undefined ? base : sim.store.repos.get(side.repoId) ?? base;
  return { label: `${repo.owner}:${side.ref}`, ref: side.ref, sha: side.sha, user: userShape(sim, repo.owner), repo: repoShape(sim, repo) };
}

/** `webhook`: the webhook form (its team objects have no `type`, which the REST form requires). */
export function pullShape(sim: Sim, repo: Repo, pull: Pull, webhook = false): Record<string, unknown> {
  const issue = sim.store.issue(repo.id, pull.number)!;
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const html = `${sim.webUrl}/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const stats = pullStats(sim, repo, pull);
  const comments = [...sim.store.comments.values()].filter((c) => c.repoId === repo.id && c.issueNumber === pull.number).length;
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userShape(sim, pull.user),
    body: issue.body,
    labels: labelsOf(sim, repo, issue),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha ?? stats.testMergeSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((l) => userShape(sim, l)),
    requested_teams: pull.requestedTeams.map((slug) => {
      const { type: _type, ...team } = teamRef(sim, repo.owner, slug);
      return webhook ? team : { ...team, type: _type };
    }),
    head: branchShape(sim, repo, pull.head),
    base: branchShape(sim, repo, pull.base),
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pull.number}` },
      comments: { href: `${api}/issues/${pull.number}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.head.sha}` },
    },
    author_association: authorAssociation(sim, repo, pull.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.merged ? null : stats.mergeable,
    rebaseable: pull.merged ? null : stats.mergeable,
    mergeable_state: pull.merged ? 'unknown' : stats.mergeable ? 'clean' : 'dirty',
    merged_by: pull.mergedBy ? userShape(sim, pull.mergedBy) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}

/** The list form (pull-request-simple): the full shape without the counters. */
export function pullSimpleShape(sim: Sim, repo: Repo, pull: Pull, webhook = false): Record<string, unknown> {
  const full = pullShape(sim, repo, pull, webhook);
  for (const k of ['merged', 'mergeable', 'rebaseable', 'mergeable_state', 'merged_by', 'comments', 'review_comments',
    'maintainer_can_modify', 'commits', 'additions', 'deletions', 'changed_files']) delete full[k];
  return full;
}

export function teamRef(sim: Sim, org: string, slug: string): Record<string, unknown> {
  const team = sim.store.team(org, slug);
  const id = team?.id ?? 0;
  const api = `${sim.url}/orgs/${org}/teams/${slug}`;
  return {
    id, node_id: nodeId('Team', id), url: api, html_url: `${sim.webUrl}/orgs/${org}/teams/${slug}`, name: team?.name ?? slug,
    slug, description: team?.description ?? null, privacy: 'closed', notification_setting: 'notifications_enabled',
    permission: 'pull', members_url: `${api}/members{/member}`, repositories_url: `${api}/repos`, parent: null, type: 'organization',
  };
}

export function issueShape(sim: Sim, repo: Repo, issue: Issue): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const comments = [...sim.store.comments.values()].filter((c) => c.repoId === repo.id && c.issueNumber === issue.number).length;
  const shape: Record<string, unknown> = {
    id: issue.id, node_id: nodeId('Issue', issue.id), url: `${api}/issues/${issue.number}`,
    repository_url: api, labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`, events_url: `${api}/issues/${issue.number}/events`,
    html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/${issue.isPull ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number, state: issue.state, title: issue.title, body: issue.body,
    user: userShape(sim, issue.user), labels: labelsOf(sim, repo, issue), assignee: null, assignees: [], milestone: null, locked: false,
    active_lock_reason: null, comments, closed_at: issue.closedAt, created_at: issue.createdAt, updated_at: issue.updatedAt,
    author_association: authorAssociation(sim, repo, issue.user),
    reactions: reactionRollup(sim, `issue:${issue.id}`, `${api}/issues/${issue.number}`),
    performed_via_github_app: null,
    timeline_url: `${api}/issues/${issue.number}/timeline`,
  };
  if (issue.isPull) {
    const pull = sim.store.pull(repo.id, issue.number)!;
    shape.pull_request = {
      url: `${api}/pulls/${issue.number}`, html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/pull/${issue.number}`,
      diff_url: `${sim.webUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.diff`,
      patch_url: `${sim.webUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.patch`, merged_at: pull.mergedAt,
    };
  }
  return shape;
}

export function commentShape(sim: Sim, repo: Repo, comment: IssueComment): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const issue = sim.store.issue(repo.id, comment.issueNumber);
  return {
    id: comment.id, node_id: nodeId('IssueComment', comment.id), url: `${api}/issues/comments/${comment.id}`,
    html_url: `${sim.webUrl}/${repo.owner}/${repo.name}/${issue?.isPull ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body, user: userShape(sim, comment.user), created_at: comment.createdAt, updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`, author_association: authorAssociation(sim, repo, comment.user),
    performed_via_github_app: null,
    reactions: reactionRollup(sim, `comment:${comment.id}`, `${api}/issues/comments/${comment.id}`),
  };
}

/** `webhook`: the webhook form, whose review states are lower case ("approved"). */
export function reviewShape(sim: Sim, repo: Repo, review: Review, webhook = false): Record<string, unknown> {
  const api = `${sim.url}/repos/${repo.owner}/${repo.name}`;
  const html = `${sim.webUrl}/${repo.owner}/${repo.name}/pull/${review.pullNumber}`;
  return {
    id: review.id, node_id: nodeId('PullRequestReview', review.id), user: userShape(sim, review.user), body: review.body,
    state: webhook ? review.state.toLowerCase() : review.state, html_url: `${html}#pullrequestreview-${review.id}`, pull_request_url: `${api}/pulls/${review.pullNumber}`,
    _links: { html: { href: `${html}#pullrequestreview-${review.id}` }, pull_request: { href: `${api}/pulls/${review.pullNumber}` } },
    // GitHub leaves submitted_at out of a pending (unsubmitted) review rather than sending null.
    ...(review.submittedAt === null ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId, author_association: authorAssociation(sim, repo, review.user),
  };
}

export function reactionShape(sim: Sim, reaction: Reaction): Record<string, unknown> {
  return {
    id: reaction.id, node_id: nodeId('Reaction', reaction.id), user: userShape(sim, reaction.user),
    content: reaction.content, created_at: reaction.createdAt,
  };
}

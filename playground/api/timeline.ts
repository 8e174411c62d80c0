// An issue's or pull request's timeline: comments, submitted reviews and the recorded events (labeled,
// unlabeled, renamed, closed, reopened, merged, review_requested), oldest first, in GitHub's shapes.
import { notFound } from '../server/errors.js';
import type { RequestContext, Route } from '../server/route.js';
import type { IssueEvent, Repo } from '../state/types.js';
import { intParam, paginate, repoFor } from './common.js';
import { commentShape, reviewShape, teamRef } from './shapes-pulls.js';
import { nodeId, userShape } from './shapes.js';

function eventShape(ctx: RequestContext, repo: Repo, e: IssueEvent): Record<string, unknown> {
  const api = `${ctx.sim.url}/repos/${repo.owner}/${repo.name}`;
  const shape: Record<string, unknown> = {
    id: e.id, node_id: nodeId('IssueEvent', e.id), url: `${api}/issues/events/${e.id}`, actor: userShape(ctx.sim, e.actor), event: e.event,
    commit_id: e.commitId ?? null, commit_url: e.commitId ? `${api}/commits/${e.commitId}` : null, created_at: e.createdAt,
    performed_via_github_app: null,
  };
  if (e.label) {
    const label = ctx.sim.store.label(repo.id, e.label);
    shape.label = { name: e.label, color: label?.color ?? 'ededed' };
  }
  if (e.rename) shape.rename = e.rename;
  if (e.event === 'review_requested') {
    shape.review_requester = userShape(ctx.sim, e.actor);
    if (e.reviewer) shape.requested_reviewer = userShape(ctx.sim, e.reviewer);
    if (e.team) shape.requested_team = teamRef(ctx.sim, repo.owner, e.team);
  }
  return shape;
}

export const timelineRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/timeline', operationId: 'issues/list-events-for-timeline',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const number = intParam(ctx, 'issue_number');
      const issue = ctx.sim.store.issue(repo.id, number);
      if (!issue) throw notFound();
      const items: { at: string; id: number; shape: Record<string, unknown> }[] = [];
      for (const c of ctx.sim.store.comments.values()) {
        if (c.repoId === repo.id && c.issueNumber === number) {
          items.push({ at: c.createdAt, id: c.id, shape: { event: 'commented', actor: userShape(ctx.sim, c.user), ...commentShape(ctx.sim, repo, c) } });
        }
      }
      for (const r of ctx.sim.store.reviews.values()) {
        if (r.repoId === repo.id && r.pullNumber === number && r.submittedAt) {
          items.push({ at: r.submittedAt, id: r.id, shape: { event: 'reviewed', ...reviewShape(ctx.sim, repo, r, true) } });
        }
      }
      for (const e of ctx.sim.store.issueEvents.values()) {
        if (e.repoId === repo.id && e.issueNumber === number) items.push({ at: e.createdAt, id: e.id, shape: eventShape(ctx, repo, e) });
      }
      items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
      return paginate(ctx, items.map((i) => i.shape));
    },
  },
];

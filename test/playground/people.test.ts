import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCodeowners, ownersOf } from '../../playground/state/codeowners.js';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => {
  w = await world({
    'README.md': '# mig\n',
    '.github/CODEOWNERS': '* @carol\nplans/ @alice @acme/data-leads\n/docs/*.md @dora\n',
    CODEOWNERS: '* @nobody-reads-this\n',
  });
});
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'mig' };

describe('CODEOWNERS as GitHub reads it', () => {
  const rules = parseCodeowners('* @a\n*.sql @b\n/models/ @c\ndocs/**/x.md @d\nplans @e\n');
  it.each([
    ['README.md', ['@a']],
    ['models/a.sql', ['@c']],
    ['other/q.sql', ['@b']],
    ['docs/deep/er/x.md', ['@d']],
    ['sub/plans/p.json', ['@e']],
  ])('%s is owned by %j (last match wins)', (path, owners) => {
    expect(ownersOf(rules, path)).toEqual(owners);
  });

  it('requests reviews from the base branch file in .github/ first', async () => {
    const number = w.gh.people.openPullNow(w.repo, 'carol', { head: 'owners', title: 'x', files: { 'plans/p.json': '{}\n', 'docs/a.md': 'a\n' } });
    const pr = await w.app.rest.pulls.get({ ...o, pull_number: number });
    expect(pr.data.requested_reviewers?.map((u) => u.login).sort()).toEqual(['alice', 'dora']);
    expect(pr.data.requested_teams?.map((t) => t.slug)).toEqual(['data-leads']);
  });
});

describe('reviews, comments, teams and merges as people and as the app', () => {
  it('records reviews with their commit, dismisses them, and keeps the latest state per reviewer', async () => {
    const carol = w.gh.people.as('carol');
    const alice = w.gh.people.as('alice');
    const first = await carol.push(w.repo, 'rev', { 'plans/migration_plan.json': '{"v":1}\n' }, 'plan');
    const number = await carol.openPull(w.repo, { head: 'rev', title: 'Plan' });
    const approval = await alice.review(w.repo, number, 'APPROVE');
    const second = await carol.push(w.repo, 'rev', { 'plans/migration_plan.json': '{"v":2}\n' }, 'plan 2');
    await alice.review(w.repo, number, 'REQUEST_CHANGES', 'v2 is wrong');
    await w.app.rest.pulls.dismissReview({ ...o, pull_number: number, review_id: approval, message: 'stale' });
    const reviews = await w.app.rest.pulls.listReviews({ ...o, pull_number: number });
    expect(reviews.data.map((r) => [r.user?.login, r.state, r.commit_id])).toEqual([['alice', 'DISMISSED', first], ['alice', 'CHANGES_REQUESTED', second]]);
    await w.gh.webhooks.idle();
    const dismissed = w.gh.webhooks.deliveries.find((d) => d.event === 'pull_request_review' && d.action === 'dismissed');
    expect((dismissed?.payload.review as { state: string }).state).toBe('dismissed');
  });

  it('edits comments, counts reactions and exposes team membership to the app', async () => {
    const carol = w.gh.people.as('carol');
    const issue = await carol.openIssue(w.repo, 'Question');
    const id = await carol.comment(w.repo, issue, '/plan status');
    await carol.editComment(w.repo, id, '/plan status please');
    await w.gh.people.as('alice').react(w.repo, id, 'eyes');
    const comment = await w.app.rest.issues.getComment({ ...o, comment_id: id });
    expect(comment.data).toMatchObject({ body: '/plan status please', reactions: { eyes: 1, total_count: 1 } });
    await w.gh.webhooks.idle();
    const edited = w.gh.webhooks.deliveries.find((d) => d.event === 'issue_comment' && d.action === 'edited');
    expect(edited?.payload.changes).toEqual({ body: { from: '/plan status' } });

    const membership = await w.app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'data-leads', username: 'alice' });
    expect(membership.data).toMatchObject({ role: 'member', state: 'active' });
    await expect(w.app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'data-leads', username: 'carol' })).rejects.toMatchObject({ status: 404 });
    const members = await w.app.rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'data-leads' });
    expect(members.data.map((m) => m.login)).toEqual(['alice']);
  });

  it('lets the app merge through the API, as GitHub does, and makes it observable', async () => {
    const number = w.gh.people.openPullNow(w.repo, 'carol', { head: 'by-app', title: 'merge me', files: { 'z.txt': 'z\n' } });
    const conflicting = w.gh.people.openPullNow(w.repo, 'carol', { head: 'conflict', title: 'conflict', files: { 'z.txt': 'other\n' } });
    const merged = await w.app.rest.pulls.merge({ ...o, pull_number: number, merge_method: 'squash' });
    const pr = await w.app.rest.pulls.get({ ...o, pull_number: number });
    expect(pr.data).toMatchObject({ merged: true, merged_by: { login: 'migration-copilot[bot]', type: 'Bot' }, merge_commit_sha: merged.data.sha });
    expect(w.gh.requests.filter((r) => r.operationId === 'pulls/merge').map((r) => [r.actor, r.status])).toEqual([['app:migration-copilot', 200]]);
    const state = await w.app.rest.pulls.get({ ...o, pull_number: conflicting });
    expect(state.data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    await expect(w.gh.people.as('alice').merge(w.repo, conflicting)).rejects.toMatchObject({ status: 405 });
  });

  it('updates a pull request (title, close, reopen) and announces each change', async () => {
    const number = w.gh.people.openPullNow(w.repo, 'carol', { head: 'upd', title: 'old', files: { 'u.txt': 'u\n' } });
    const carol = w.gh.people.as('carol').octokit;
    await carol.pulls.update({ ...o, pull_number: number, title: 'new' });
    await carol.pulls.update({ ...o, pull_number: number, state: 'closed' });
    const closed = await w.app.rest.pulls.list({ ...o, state: 'closed' });
    expect(closed.data.find((p) => p.number === number)).toMatchObject({ title: 'new', state: 'closed' });
    await carol.pulls.update({ ...o, pull_number: number, state: 'open' });
    await w.gh.webhooks.idle();
    const actions = w.gh.webhooks.deliveries.filter((d) => d.event === 'pull_request' && d.payload.number === number).map((d) => d.action);
    expect(actions).toEqual(['opened', 'edited', 'closed', 'reopened']);
  });

  it('merges edits to different lines of one file the way git does', async () => {
    w.gh.people.openPullNow(w.repo, 'carol', { head: 'lines-base', title: 'base', files: { 'l.txt': '1\n2\n3\n4\n5\n6\n' } });
    await w.gh.people.as('alice').merge(w.repo, (await w.app.rest.pulls.list({ ...o, head: 'acme:lines-base' })).data[0]!.number);
    const top = w.gh.people.openPullNow(w.repo, 'carol', { head: 'lines-top', title: 'top', files: { 'l.txt': 'one\n2\n3\n4\n5\n6\n' } });
    const bottom = w.gh.people.openPullNow(w.repo, 'dora', { head: 'lines-bottom', title: 'bottom', files: { 'l.txt': '1\n2\n3\n4\n5\nsix\n' } });
    await w.gh.people.as('alice').merge(w.repo, top);
    expect((await w.app.rest.pulls.get({ ...o, pull_number: bottom })).data.mergeable).toBe(true);
    const sha = await w.gh.people.as('alice').merge(w.repo, bottom);
    const file = await w.app.rest.repos.getContent({ ...o, path: 'l.txt', ref: sha });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toBe('one\n2\n3\n4\n5\nsix\n');
  });

  it('requests and removes reviewers (users and teams) and announces it', async () => {
    const number = w.gh.people.openPullNow(w.repo, 'carol', { head: 'ask', title: 'ask', files: { 'q.txt': 'q\n' } });
    await w.app.rest.pulls.requestReviewers({ ...o, pull_number: number, reviewers: ['dora'], team_reviewers: ['data-leads'] });
    await expect(w.app.rest.pulls.requestReviewers({ ...o, pull_number: number, reviewers: ['carol'] })).rejects.toMatchObject({ status: 422 });
    const asked = await w.app.rest.pulls.listRequestedReviewers({ ...o, pull_number: number });
    expect([asked.data.users.map((u) => u.login), asked.data.teams.map((t) => t.slug)]).toEqual([['dora'], ['data-leads']]);
    await w.app.rest.pulls.removeRequestedReviewers({ ...o, pull_number: number, reviewers: ['dora'] });
    await w.gh.webhooks.idle();
    const actions = w.gh.webhooks.deliveries.filter((d) => d.event === 'pull_request' && d.payload.number === number).map((d) => d.action);
    expect(actions).toEqual(['opened', 'review_requested', 'review_requested', 'review_request_removed']);
  });
});

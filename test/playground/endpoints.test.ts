// What a migration app reads and writes beyond pull requests and check runs, each against the simulator as
// GitHub behaves: statuses, labels, issue edits, comment deletion, inline review comments, diffs, tags,
// members, the timeline, CODEOWNERS errors, routing of commits/{ref}/…, and branch protection on merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
const o = { owner: 'acme', repo: 'mig' };
let pr: number;
let head: string;
beforeAll(async () => {
  w = await world({ 'README.md': '# mig\n', 'models/a.sql': 'select 1;\nselect 2;\nselect 3;\n', '.github/CODEOWNERS': 'models/ @alice\n*.md @nobody\n' });
  // This app asked for issues and review comment events too (app.yml does not): the installation carries what it accepted.
  w.gh.sim.store.installations.get(w.installationId)!.events.push('issues', 'pull_request_review_comment');
  head = await w.gh.people.as('carol').push(w.repo, 'change', { 'models/a.sql': 'select 1;\nselect 20;\nselect 3;\n' }, 'Change a');
  pr = await w.gh.people.as('carol').openPull(w.repo, { head: 'change', title: 'Change a' });
});
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

describe('routing and statuses', () => {
  it('answers commits/{ref}/status, /statuses, /check-suites and /check-runs with their own operations', async () => {
    // app.yml grants no statuses permission: the app is refused as on GitHub; a person with write access may.
    await expect(w.app.rest.repos.createCommitStatus({ ...o, sha: head, state: 'pending', context: 'ci' }))
      .rejects.toMatchObject({ status: 403, message: expect.stringMatching(/^Resource not accessible by integration/) });
    const carol = w.gh.people.as('carol').octokit;
    await carol.repos.createCommitStatus({ ...o, sha: head, state: 'pending', context: 'ci' });
    await carol.repos.createCommitStatus({ ...o, sha: head, state: 'success', context: 'ci' });
    const combined = await carol.repos.getCombinedStatusForRef({ ...o, ref: head });
    expect(combined.data).toMatchObject({ state: 'success', total_count: 1 });
    const all = await carol.repos.listCommitStatusesForRef({ ...o, ref: 'change' });
    expect(all.data.map((s) => s.state)).toEqual(['success', 'pending']);
    const suites = await w.app.rest.checks.listSuitesForRef({ ...o, ref: head });
    expect(suites.data.check_suites.map((s) => s.head_sha)).toEqual([head]);
    await w.app.rest.checks.rerequestSuite({ ...o, check_suite_id: suites.data.check_suites[0]!.id });
    await w.gh.webhooks.idle();
    expect(w.gh.webhooks.deliveries.some((d) => d.event === 'check_suite' && d.action === 'rerequested')).toBe(true);
    const ops = w.gh.requests.slice(-6).map((r) => r.operationId);
    expect(ops).toEqual(expect.arrayContaining(['repos/get-combined-status-for-ref', 'repos/list-commit-statuses-for-ref', 'checks/list-suites-for-ref']));
  });
});

describe('issues and labels', () => {
  it('labels, edits, closes and reopens an issue; deletes a comment; the timeline shows it all', async () => {
    const carol = w.gh.people.as('carol').octokit;
    const issue = (await carol.issues.create({ ...o, title: 'Track' })).data.number;
    const labels = await w.app.rest.issues.addLabels({ ...o, issue_number: issue, labels: ['migration', 'plan'] });
    expect(labels.data.map((l) => l.name)).toEqual(['migration', 'plan']);
    await w.app.rest.issues.removeLabel({ ...o, issue_number: issue, name: 'plan' });
    await expect(w.app.rest.issues.removeLabel({ ...o, issue_number: issue, name: 'plan' })).rejects.toMatchObject({ status: 404 });
    await carol.issues.update({ ...o, issue_number: issue, title: 'Track v1', state: 'closed' });
    await carol.issues.update({ ...o, issue_number: issue, state: 'open' });
    const comment = await w.app.rest.issues.createComment({ ...o, issue_number: issue, body: 'temporary' });
    await w.app.rest.issues.deleteComment({ ...o, comment_id: comment.data.id });
    await expect(w.app.rest.issues.getComment({ ...o, comment_id: comment.data.id })).rejects.toMatchObject({ status: 404 });
    const got = await carol.issues.get({ ...o, issue_number: issue });
    expect(got.data).toMatchObject({ title: 'Track v1', state: 'open', labels: [expect.objectContaining({ name: 'migration' })] });
    const timeline = await w.app.rest.issues.listEventsForTimeline({ ...o, issue_number: issue });
    expect(timeline.data.map((e) => e.event)).toEqual(['labeled', 'labeled', 'unlabeled', 'renamed', 'closed', 'reopened']);
    await w.gh.webhooks.idle();
    const actions = w.gh.webhooks.deliveries.filter((d) => d.event === 'issues' || d.event === 'issue_comment').map((d) => `${d.event}.${d.action}`);
    expect(actions).toEqual(expect.arrayContaining(['issues.labeled', 'issues.unlabeled', 'issues.edited', 'issues.closed', 'issues.reopened', 'issue_comment.deleted']));
  });
});

describe('pull requests: code owners, diffs, inline comments', () => {
  it('requests the code owners and announces it with pull_request.review_requested', async () => {
    await w.gh.webhooks.idle();
    const requested = w.gh.webhooks.deliveries.filter((d) => d.event === 'pull_request' && d.action === 'review_requested'
      && (d.payload.number as number) === pr);
    expect(requested.map((d) => (d.payload.requested_reviewer as { login: string }).login)).toEqual(['alice']);
  });

  it('serves the diff and patch media types and each file\'s patch', async () => {
    const diff = await w.app.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...o, pull_number: pr, mediaType: { format: 'diff' } });
    expect(String(diff.data)).toMatch(/^diff --git a\/models\/a.sql b\/models\/a.sql[\s\S]*-select 2;\n\+select 20;/m);
    const patch = await w.app.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...o, pull_number: pr, mediaType: { format: 'patch' } });
    expect(String(patch.data)).toMatch(/^From [0-9a-f]{40} [\s\S]*Subject: \[PATCH\] Change a/m);
    const files = await w.app.rest.pulls.listFiles({ ...o, pull_number: pr });
    expect(files.data[0]!.patch).toBe('@@ -1,3 +1,3 @@\n select 1;\n-select 2;\n+select 20;\n select 3;');
  });

  it('places a review comment on a line of the diff, refuses one outside it, and announces it', async () => {
    const c = await w.app.rest.pulls.createReviewComment({ ...o, pull_number: pr, body: 'why 20?', commit_id: head, path: 'models/a.sql', line: 2, side: 'RIGHT' });
    expect(c.data).toMatchObject({ line: 2, side: 'RIGHT', position: 3, path: 'models/a.sql', diff_hunk: '@@ -1,3 +1,3 @@\n select 1;\n-select 2;\n+select 20;' });
    const reply = await w.gh.people.as('carol').octokit.pulls.createReplyForReviewComment({ ...o, pull_number: pr, comment_id: c.data.id, body: 'because' });
    expect(reply.data.in_reply_to_id).toBe(c.data.id);
    await expect(w.app.rest.pulls.createReviewComment({ ...o, pull_number: pr, body: 'x', commit_id: head, path: 'models/a.sql', line: 40 }))
      .rejects.toMatchObject({ status: 422, response: { data: { errors: [expect.stringMatching(/line must be part of the diff/)] } } });
    const list = await w.app.rest.pulls.listReviewComments({ ...o, pull_number: pr });
    expect(list.data.map((x) => x.body)).toEqual(['why 20?', 'because']);
    await w.gh.webhooks.idle();
    expect(w.gh.webhooks.deliveries.filter((d) => d.event === 'pull_request_review_comment').map((d) => d.action)).toEqual(['created', 'created']);
  });
});

describe('repository facts', () => {
  it('lists tags, organisation members, collaborators\' permissions and CODEOWNERS errors', async () => {
    const main = (await w.app.rest.git.getRef({ ...o, ref: 'heads/main' })).data.object.sha;
    await w.app.rest.git.createRef({ ...o, ref: 'refs/tags/plan/v1', sha: main });
    expect((await w.app.rest.repos.listTags(o)).data.map((t) => [t.name, t.commit.sha])).toEqual([['plan/v1', main]]);
    expect((await w.app.rest.orgs.listMembers({ org: 'acme' })).data.map((m) => m.login)).toEqual(['alice', 'carol', 'dora']);
    const errors = await w.app.rest.repos.codeownersErrors(o);
    expect(errors.data.errors.map((e) => [e.line, e.kind, e.path])).toEqual([[2, 'Unknown owner', '.github/CODEOWNERS']]);
  });
});

describe('branch protection', () => {
  it('refuses a person\'s merge while a required check fails or reviews are missing, then merges', async () => {
    const alice = w.gh.people.as('alice');
    w.gh.sim.store.repo('acme', 'mig')!.roles = { alice: 'admin' };
    await alice.octokit.repos.updateBranchProtection({
      ...o, branch: 'main', required_status_checks: { strict: false, contexts: ['migration/schema'] }, enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 }, restrictions: null,
    });
    expect((await w.app.rest.repos.getBranch({ ...o, branch: 'main' })).data.protected).toBe(true);
    const run = await w.app.rest.checks.create({ ...o, name: 'migration/schema', head_sha: head, conclusion: 'failure', output: { title: 'bad', summary: 'bad' } });
    const dora = w.gh.people.as('dora');
    await expect(dora.merge(w.repo, pr)).rejects.toMatchObject({ status: 405, message: expect.stringMatching(/Required status check "migration\/schema" is failing/) });
    await w.app.rest.checks.update({ ...o, check_run_id: run.data.id, conclusion: 'success' });
    await expect(dora.merge(w.repo, pr)).rejects.toMatchObject({ status: 405, message: expect.stringMatching(/At least 1 approving review is required/) });
    await alice.review(w.repo, pr, 'APPROVE');
    await dora.merge(w.repo, pr);
    const timeline = await w.app.rest.issues.listEventsForTimeline({ ...o, issue_number: pr });
    expect(timeline.data.map((e) => e.event)).toEqual(expect.arrayContaining(['review_requested', 'reviewed', 'merged', 'closed']));
  });
});

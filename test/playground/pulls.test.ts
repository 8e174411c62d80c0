import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world({ 'README.md': '# mig\n', CODEOWNERS: 'plans/ @alice @acme/data-leads\n' }); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'mig' };

describe('pull requests, reviews, checks and merges', () => {
  it('carries a PR from opening to a signed merge', async () => {
    const carol = w.gh.people.as('carol');
    const alice = w.gh.people.as('alice');
    const head = await carol.push(w.repo, 'plan', { 'plans/migration_plan.json': '{"v":1}\n' }, 'Add plan');
    const number = await carol.openPull(w.repo, { head: 'plan', title: 'Plan v1', body: 'please review' });
    const pr = await w.app.rest.pulls.get({ ...o, pull_number: number });
    expect(pr.data).toMatchObject({ number, state: 'open', mergeable: true, changed_files: 1, additions: 1, head: { sha: head } });
    expect(pr.data.requested_reviewers?.map((u) => u.login)).toEqual(['alice']);
    expect(pr.data.requested_teams?.map((t) => t.slug)).toEqual(['data-leads']);
    const files = await w.app.rest.pulls.listFiles({ ...o, pull_number: number });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['plans/migration_plan.json', 'added']]);

    // A pending review (no event) has no submitted_at and is listed for its author only, as on GitHub.
    const dora = w.gh.people.as('dora');
    const pending = await dora.octokit.rest.pulls.createReview({ ...o, pull_number: number, body: 'draft' });
    expect(pending.data.state).toBe('PENDING');
    expect(pending.data).not.toHaveProperty('submitted_at');
    const mine = await dora.octokit.rest.pulls.listReviews({ ...o, pull_number: number });
    expect(mine.data.map((r) => [r.user?.login, r.state])).toEqual([['dora', 'PENDING']]);
    expect((await w.app.rest.pulls.listReviews({ ...o, pull_number: number })).data).toEqual([]);

    const reviewId = await alice.review(w.repo, number, 'APPROVE');
    await expect(carol.review(w.repo, number, 'APPROVE')).rejects.toMatchObject({ status: 422 });
    const reviews = await w.app.rest.pulls.listReviews({ ...o, pull_number: number });
    expect(reviews.data.map((r) => [r.id, r.user?.login, r.state, r.commit_id])).toEqual([[reviewId, 'alice', 'APPROVED', head]]);

    const check = await w.app.rest.checks.create({
      ...o, name: 'migration/schema', head_sha: head, status: 'completed', conclusion: 'failure',
      output: { title: 'schema', summary: '1 finding', annotations: [{ path: 'plans/migration_plan.json', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'bad' }] },
    });
    await w.app.rest.checks.update({ ...o, check_run_id: check.data.id, output: { title: 'schema', summary: '2 findings', annotations: [{ path: 'plans/migration_plan.json', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'meh' }] } });
    const runs = await w.app.rest.checks.listForRef({ ...o, ref: head });
    expect(runs.data.check_runs.map((r) => [r.name, r.conclusion, r.output.annotations_count])).toEqual([['migration/schema', 'failure', 2]]);
    const tooMany = Array.from({ length: 51 }, () => ({ path: 'a', start_line: 1, end_line: 1, annotation_level: 'notice' as const, message: 'x' }));
    await expect(w.app.rest.checks.update({ ...o, check_run_id: check.data.id, output: { title: 't', summary: 's', annotations: tooMany } })).rejects.toMatchObject({ status: 422 });
    // GitHub's description itself caps annotations at 50 per request: the request check names it.
    expect(w.gh.violations.at(-1)).toMatch(/annotations must NOT have more than 50 items/);
    w.gh.sim.violations.pop();

    await alice.rerequestCheck(w.repo, check.data.id);
    await w.gh.webhooks.idle();
    expect(w.gh.webhooks.deliveries.at(-1)).toMatchObject({ event: 'check_run', action: 'rerequested', payload: { sender: { login: 'alice' } } });

    const second = await carol.push(w.repo, 'plan', { 'plans/migration_plan.json': '{"v":2}\n' }, 'Tweak plan');
    const after = await w.app.rest.pulls.get({ ...o, pull_number: number });
    expect(after.data.head.sha).toBe(second);

    await expect(w.app.rest.pulls.merge({ ...o, pull_number: number, sha: head })).rejects.toMatchObject({ status: 409 });
    const merged = await alice.merge(w.repo, number);
    const commit = await w.app.rest.git.getCommit({ ...o, commit_sha: merged });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([after.data.base.sha, second]);
    expect(commit.data.verification).toMatchObject({ verified: true, reason: 'valid' });
    const unsigned = await w.app.rest.git.getCommit({ ...o, commit_sha: second });
    expect(unsigned.data.verification).toMatchObject({ verified: false, reason: 'unsigned' });
    const closed = await w.app.rest.pulls.get({ ...o, pull_number: number });
    expect(closed.data).toMatchObject({ state: 'closed', merged: true, merged_by: { login: 'alice' }, merge_commit_sha: merged });
    await w.gh.webhooks.idle();
    const events = w.gh.webhooks.deliveries.map((d) => `${d.event}.${d.action ?? ''}`);
    for (const e of ['check_suite.requested', 'check_suite.completed', 'check_run.completed', 'pull_request.opened', 'pull_request_review.submitted', 'check_run.created', 'pull_request.synchronize', 'pull_request.closed', 'push.']) {
      expect(events).toContain(e);
    }
  });

  it('verifies commits signed with a registered key and refuses an unknown one', async () => {
    const alice = w.gh.people.as('alice');
    const sha = await alice.push(w.repo, 'signed', { 'x.txt': 'x\n' }, 'Signed change', { sign: true });
    const c = await w.app.rest.repos.getCommit({ ...o, ref: sha });
    expect(c.data.commit.verification).toMatchObject({ verified: true, reason: 'valid' });
    w.gh.people.createUser('eve', { signing: true });
    w.gh.sim.store.account('eve')!.signingKeys.length = 0;
    w.gh.sim.store.repo('acme', 'mig')!.collaborators.add('eve');
    const evil = await w.gh.people.as('eve').push(w.repo, 'evil', { 'y.txt': 'y\n' }, 'Unknown key', { sign: true }).catch((e) => { throw e; });
    const e = await w.app.rest.repos.getCommit({ ...o, ref: evil });
    expect(e.data.commit.verification).toMatchObject({ verified: false, reason: 'unknown_key' });
  });

  it('updates refs fast-forward only unless forced, and reports GitHub errors', async () => {
    const carol = w.gh.people.as('carol');
    const a = await carol.push(w.repo, 'ff', { 'f.txt': '1\n' }, 'one');
    const b = await carol.push(w.repo, 'ff', { 'f.txt': '2\n' }, 'two');
    await expect(w.app.rest.git.updateRef({ ...o, ref: 'heads/ff', sha: a })).rejects.toMatchObject({ status: 422 });
    const forced = await w.app.rest.git.updateRef({ ...o, ref: 'heads/ff', sha: a, force: true });
    expect(forced.data.object.sha).toBe(a);
    expect(b).not.toBe(a);
    await expect(w.app.rest.git.createRef({ ...o, ref: 'refs/heads/ff', sha: b })).rejects.toMatchObject({ status: 422 });
    await expect(w.app.rest.pulls.get({ ...o, pull_number: 9999 })).rejects.toMatchObject({ status: 404 });
  });

  it('sends webhooks only for repositories an installation covers', async () => {
    w.gh.people.createRepo('carol/private-play', { files: { 'a.txt': 'a\n' } });
    const before = w.gh.webhooks.deliveries.length;
    await w.gh.people.as('carol').push('carol/private-play', 'x', { 'b.txt': 'b\n' }, 'b');
    await w.gh.webhooks.idle();
    expect(w.gh.webhooks.deliveries.length).toBe(before);
  });
});

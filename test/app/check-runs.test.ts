import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld, launch, MAPPING, PLAN, settle, type AppWorld } from './world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;

beforeAll(async () => {
  w = await appWorld();
  app = await launch(w.gh);
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  await settle(w.gh, [app]);
});

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
  expect(w.gh.violations).toEqual([]);
});

async function runsOf(sha: string) {
  const carol = w.gh.people.as('carol');
  const { data } = await carol.octokit.checks.listForRef({ owner: w.owner, repo: w.name, ref: sha, per_page: 100 });
  return data.check_runs.map((r) => ({ name: r.name, conclusion: r.conclusion, title: r.output.title, app: r.app?.slug, annotations: r.output.annotations_count }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('check runs from webhooks', () => {
  it('posts one check run per validator on a plan pull request head, rules from the base branch', async () => {
    const carol = w.gh.people.as('carol');
    const head = await carol.push(w.full, 'plan-v1', { [PLAN]: w.plan }, 'Add the plan');
    const n = await carol.openPull(w.full, { head: 'plan-v1', title: 'Plan v1' });
    await settle(w.gh, [app]);
    const runs = await runsOf(head);
    expect(runs.map((r) => [r.name, r.conclusion])).toEqual([
      ['migration/approvals', 'failure'],
      ['migration/hashing', 'success'],
      ['migration/manual-decisions', 'success'],
      ['migration/sampling', 'success'],
      ['migration/schema', 'success'],
      ['migration/signed-plan', 'skipped'],
      ['migration/tolerance', 'success'],
      ['migration/type-coercion', 'success'],
    ]);
    expect(new Set(runs.map((r) => r.app))).toEqual(new Set(['migration-copilot']));
    expect(n).toBeGreaterThan(0);
  });

  it('recomputes migration/approvals on reviews, never duplicating a check run', async () => {
    const carol = w.gh.people.as('carol');
    const pulls = await carol.octokit.pulls.list({ owner: w.owner, repo: w.name, state: 'open' });
    const pr = pulls.data[0]!;
    for (const who of ['alice', 'dora', 'sam']) await w.gh.people.as(who).review(w.full, pr.number, 'APPROVE');
    await settle(w.gh, [app]);
    const runs = await runsOf(pr.head.sha);
    expect(runs).toHaveLength(8);
    expect(runs.find((r) => r.name === 'migration/approvals')!.conclusion).toBe('success');
  });

  it('a mapping the rulebook refuses fails type-coercion, annotated on its line, with a suggestion review on the head', async () => {
    const carol = w.gh.people.as('carol');
    const mapping = w.main[MAPPING]!.replace('target_type: "DECIMAL(12,2)"', 'target_type: "DECIMAL(18,4)"');
    const before = w.gh.requests.length;
    const head = await carol.push(w.full, 'plan-v1', { [MAPPING]: mapping }, 'Widen amount');
    await settle(w.gh, [app]);
    // The synchronize budget (README, "The GitHub App"): at most 15 calls that count against the rate limit
    // (8 check-run writes, 1 suggestion review, the reads a push changes); the base branch's ref, the reviews
    // and the team a push leaves alone are conditional requests answered 304, which GitHub does not count.
    // A pull request without comments costs no read for its status comment. No request is sent twice.
    const sent = w.gh.requests.slice(before).filter((r) => String(r.actor).startsWith('app:'));
    const list = sent.map((r) => `${r.method} ${r.operationId ?? r.path} ${r.status}`).join('\n');
    const counted = sent.filter((r) => r.status !== 304);
    expect(counted.length, list).toBeLessThanOrEqual(15);
    expect(sent.filter((r) => r.status === 304).map((r) => r.operationId).sort(), list).toEqual(['git/get-ref', 'pulls/list-reviews', 'teams/list-members-in-org']);
    const reads = sent.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(reads.filter((p, i) => reads.indexOf(p) !== i), list).toEqual([]);
    const runs = await runsOf(head);
    expect(runs).toHaveLength(8);
    expect(runs.find((r) => r.name === 'migration/type-coercion')).toMatchObject({ conclusion: 'failure', title: '2 errors', annotations: 2 });
    const pr = (await carol.octokit.pulls.list({ owner: w.owner, repo: w.name, state: 'open' })).data[0]!;
    const reviews = (await carol.octokit.pulls.listReviews({ owner: w.owner, repo: w.name, pull_number: pr.number })).data
      .filter((r) => r.user?.login === 'migration-copilot[bot]');
    expect(reviews.map((r) => [r.commit_id, r.state, r.body.split('\n')[0]])).toEqual([[head, 'COMMENTED', `<!-- migration-copilot:suggestions:${head} -->`]]);
  });

  it('"Re-run" on a check run runs it again and updates it in place', async () => {
    const carol = w.gh.people.as('carol');
    const pr = (await carol.octokit.pulls.list({ owner: w.owner, repo: w.name, state: 'open' })).data[0]!;
    const run = (await carol.octokit.checks.listForRef({ owner: w.owner, repo: w.name, ref: pr.head.sha, check_name: 'migration/schema' })).data.check_runs[0]!;
    const before = w.gh.requests.length;
    const inst = [...w.gh.sim.store.installations.keys()][0]!;
    // GitHub's "Re-run" button: check_run.rerequested for that run.
    const octokit = new ProbotOctokit({ baseUrl: w.gh.url, auth: { appId: w.gh.app.id, privateKey: w.gh.app.privateKeyPem, installationId: inst } });
    await octokit.rest.checks.rerequestRun({ owner: w.owner, repo: w.name, check_run_id: run.id });
    await settle(w.gh, [app]);
    const updates = w.gh.requests.slice(before).filter((r) => r.operationId === 'checks/update' && r.path.endsWith(`/check-runs/${run.id}`));
    expect(updates).toHaveLength(1);
    expect(w.gh.requests.slice(before).filter((r) => r.operationId === 'checks/create')).toEqual([]);
    expect(await runsOf(pr.head.sha)).toHaveLength(8);
  });
});

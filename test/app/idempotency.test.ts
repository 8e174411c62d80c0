// The reconciler's proof: record every delivery of a whole scenario, redeliver all of them in reverse
// order with some dropped, and the end state (check runs with their annotations, comments, reviews,
// branches and tags) is identical, nothing duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endState, runScenario } from './scenario.js';
import { appWorld, launch, settle, type AppWorld } from './world.js';

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
});

describe('redelivery', () => {
  it('all deliveries again, in reverse order, some dropped: the same end state, nothing duplicated', async () => {
    await runScenario(w);
    await settle(w.gh, [app]);
    const first = await endState(w.gh, w.full);
    const recorded = w.gh.webhooks.deliveries.filter((d) => !d.redelivery);
    expect(recorded.map((d) => d.statusCode).every((s) => s === 200)).toBe(true);
    expect(new Set(recorded.map((d) => d.event))).toEqual(new Set(['installation', 'pull_request', 'pull_request_review', 'issue_comment', 'push', 'check_suite', 'check_run']));

    // Every check run of every head exactly once: 8 per commit the app judged.
    const perRun = new Map<string, number>();
    for (const r of first.checkRuns) {
      const [, sha, name] = JSON.parse(r) as [number, string, string];
      perRun.set(`${sha} ${name}`, (perRun.get(`${sha} ${name}`) ?? 0) + 1);
    }
    expect([...perRun.values()].every((n) => n === 1)).toBe(true);
    expect(first.checkRuns.length % 8).toBe(0);
    expect(first.checkRuns.length).toBeGreaterThanOrEqual(16);

    const replay = [...recorded].reverse().filter((_, i) => i % 4 !== 1);
    for (const d of replay) w.gh.webhooks.redeliver(d.id);
    await settle(w.gh, [app]);
    expect(w.gh.webhooks.deliveries.filter((d) => d.redelivery).every((d) => d.statusCode === 200)).toBe(true);
    expect(await endState(w.gh, w.full)).toEqual(first);
    // Every request the app made is one GitHub's description accepts, and none of them merges.
    expect(w.gh.violations).toEqual([]);
    expect(w.gh.requests.filter((r) => r.actor?.startsWith('app:') && r.operationId === 'pulls/merge')).toEqual([]);
  }, 240_000);
});

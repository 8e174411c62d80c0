// Two app processes sharing nothing but the PostgreSQL queue (QUEUE_URL, pg-boss), the simulator's
// deliveries sent concurrently and split between them: the scenario's end state is the one a single
// in-process app reaches, and nothing is duplicated.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgServerUrl, uniqueName, withDatabase } from '../support/db.js';
import { endState, normalise, runScenario, type EndState } from './scenario.js';
import { startSplitter } from './splitter.js';
import { appWorld, launch, settle } from './world.js';

const database = uniqueName('mc_queue');
const admin = () => new pg.Client({ connectionString: pgServerUrl() });

afterAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await c.end();
});

async function oneProcess(): Promise<EndState> {
  const w = await appWorld();
  const app = await launch(w.gh);
  try {
    w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
    w.gh.people.installApp('acme');
    await runScenario(w, () => settle(w.gh, [app]));
    await settle(w.gh, [app]);
    return normalise(await endState(w.gh, w.full));
  } finally {
    await app.stop();
    await w.gh.close();
  }
}

async function twoReplicas(): Promise<EndState> {
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE ${database}`);
  await c.end();
  const queue = { QUEUE_URL: withDatabase(pgServerUrl(), database), MIGRATION_COPILOT_QUEUE_SCHEMA: 'mc_jobs' };

  const w = await appWorld();
    w.gh.webhooks.options = { mode: 'concurrent' };
    const a = await launch(w.gh, queue);
    const b = await launch(w.gh, queue);
    const split = await startSplitter([a.url, b.url]);
  try {
    w.gh.setWebhookUrl(`${split.url}/api/github/webhooks`);
    w.gh.people.installApp('acme');
    await runScenario(w, () => settle(w.gh, [a, b]));
    await settle(w.gh, [a, b]);
    const two = normalise(await endState(w.gh, w.full));
    expect(split.counts.every((n) => n > 3)).toBe(true);
    expect(w.gh.webhooks.deliveries.filter((d) => d.statusCode !== 200).map((d) => `${d.event}.${d.action}: ${d.statusCode} ${d.status}`)).toEqual([]);
    return two;
  } finally {
    await split.close();
    await a.stop();
    await b.stop();
    await w.gh.close();
  }
}

describe('two replicas over pg-boss', () => {
  it('deliveries concurrent and split between two processes: the same end state as one process', async () => {
    // The two runs share nothing (two simulators, their own apps), so they run side by side: each mostly
    // waits on git, HTTP and PostgreSQL.
    const [two, one] = await Promise.all([twoReplicas(), oneProcess()]);
    expect(two.checkRuns.length).toBeGreaterThanOrEqual(16);
    expect(two).toEqual(one);
  }, 300_000);
});

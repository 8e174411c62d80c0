// App benchmark (`npm run bench -- app [--repos N]`): the app started as `npm start` starts it (app/main.ts
// over Probot's run) against the simulator, its REST calls recorded by a proxy in between.
//   1. p95 from delivery to the last check run posted, with N repositories (default 20) each opening a plan
//      pull request at once (deliveries concurrent, as GitHub sends them).
//   2. REST calls per event type on one plan pull request (opened, synchronize, review submitted, review
//      dismissed, push to the default branch), and requests repeated within one event (same method, path and
//      query): the goal is at most 15 calls for a synchronize and none repeated.
// A call is what GitHub counts against the rate limit: a conditional request answered 304 is listed, not
// counted. Writes bench/results/app.json {calls_per_synchronize, repeated_requests, p95_ms, repos, ...} with
// the load average it was measured at.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/main.js';
import { startPlayground, type Playground } from '../../playground/index.js';
import { startRecorder, type Recorded } from './recorder.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PLAN = 'plans/migration_plan.json';
const MAPPING = 'contracts/schema_mapping.yml';
const PEOPLE = ['carol', 'alice', 'dora', 'sam', 'rita'];

function example(): { main: Record<string, string>; plan: string } {
  const dir = join(ROOT, 'examples/demo-migration');
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files[relative(dir, join(e.parentPath, e.name)).split(sep).join('/')] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  const { [PLAN]: plan, ...main } = files;
  return { main, plan: plan! };
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function settle(gh: Playground, app: RunningApp): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const before = gh.webhooks.deliveries.length;
    await gh.webhooks.idle();
    await app.idle();
    await new Promise((r) => setTimeout(r, 20));
    quiet = gh.webhooks.deliveries.length === before ? quiet + 1 : 0;
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Calls the app made while `act` ran and the app settled. `calls` counts what GitHub counts against the
 * rate limit: every request but the conditional ones answered 304 Not Modified (`notModified`); `requests`
 * is all of them. repeated = the same GET (path and query) more than once, 304s included.
 */
async function callsOf(gh: Playground, app: RunningApp, log: readonly Recorded[], act: () => Promise<unknown>) {
  const from = log.length;
  await act();
  await settle(gh, app);
  const sent = log.slice(from).filter((r) => !r.url.startsWith('/app/installations/') || r.method !== 'POST');
  const seen = new Map<string, number>();
  // Writes differ by body (eight check runs are eight POSTs); a repeated request is the same read twice.
  for (const c of sent.filter((r) => r.method === 'GET')) seen.set(`${c.method} ${c.url}`, (seen.get(`${c.method} ${c.url}`) ?? 0) + 1);
  const repeated = [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
  const notModified = sent.filter((r) => r.status === 304).length;
  return { calls: sent.length - notModified, requests: sent.length, notModified, repeated, list: sent.map((c) => `${c.method} ${c.url.split('?')[0]} ${c.status}`) };
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { repos: { type: 'string', default: '20' } } });
  const repos = Number(values.repos);
  if (!Number.isInteger(repos) || repos < 1 || repos > 200) {
    console.error('bench app: --repos must be a whole number from 1 to 200');
    return 2;
  }
  const gh = await startPlayground({ validate: false });
  const recorder = await startRecorder(gh.url);
  const port = await freePort();
  const app = await startApp({
    APP_ID: String(gh.app.id), PRIVATE_KEY_PATH: gh.app.privateKeyFile, WEBHOOK_SECRET: gh.app.webhookSecret, PORT: String(port), HOST: '127.0.0.1',
    GHE_HOST: recorder.host, GHE_PROTOCOL: 'http', LOG_LEVEL: 'silent', NODE_ENV: 'production',
    // The simulator, like a GitHub Enterprise Server by default, has no secondary rate limit to pace writes for.
    MIGRATION_COPILOT_WRITE_INTERVAL_MS: '0',
  }, { log: pino({ level: 'silent' }) });
  try {
    for (const p of PEOPLE) gh.people.createUser(p);
    gh.people.createOrg('acme', PEOPLE);
    gh.people.createTeam('acme', 'data-leads', ['alice']);
    const { main: files, plan } = example();
    const names = Array.from({ length: repos }, (_, i) => `acme/mig-${i + 1}`);
    for (const name of names) gh.people.createRepo(name, { files, private: true });
    gh.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    gh.people.installApp('acme');
    await settle(gh, app);

    // 1. Every repository opens its plan pull request at once.
    gh.webhooks.options = { mode: 'concurrent' };
    const started = new Map<string, number>();
    for (const name of names) {
      started.set(name, performance.now());
      gh.people.openPullNow(name, 'carol', { head: 'plan-v1', title: 'Plan v1', files: { [PLAN]: plan } });
    }
    await settle(gh, app);
    const latencies = names.map((name) => {
      const writes = recorder.log.filter((r) => r.method !== 'GET' && r.url.startsWith(`/repos/${name}/check-runs`));
      return Math.max(...writes.map((w) => w.at)) - started.get(name)!;
    });
    const p95 = Math.round(percentile(latencies, 95));
    const p50 = Math.round(percentile(latencies, 50));

    // 2. Calls per event type on one plan pull request.
    gh.webhooks.options = { mode: 'serial' };
    const full = names[0]!;
    const [owner, repo] = full.split('/') as [string, string];
    const carol = gh.people.as('carol');
    const opened = await callsOf(gh, app, recorder.log, () => carol.push(full, 'plan-v2', { [PLAN]: plan.replace('"version": 1', '"version": 1 ') }, 'Plan v2')
      .then(() => carol.openPull(full, { head: 'plan-v2', title: 'Plan v2' })));
    const n = (await carol.octokit.pulls.list({ owner, repo, head: `${owner}:plan-v2` })).data[0]!.number;
    const synchronize = await callsOf(gh, app, recorder.log, () => carol.push(full, 'plan-v2', {
      [MAPPING]: files[MAPPING]!.replace('target_type: "DECIMAL(12,2)"', 'target_type: "DECIMAL(18,4)"'),
    }, 'Widen amount'));
    let reviewId = 0;
    const reviewed = await callsOf(gh, app, recorder.log, async () => { reviewId = await gh.people.as('dora').review(full, n, 'APPROVE'); });
    const dismissed = await callsOf(gh, app, recorder.log, () => gh.people.as('alice').dismissReview(full, n, reviewId, 'bench'));
    const pushMain = await callsOf(gh, app, recorder.log, () => gh.people.as('rita').push(full, 'main', { 'README.md': '# bench\n' }, 'Readme'));

    const result = {
      calls_per_synchronize: synchronize.calls,
      requests_per_synchronize: synchronize.requests,
      not_modified_per_synchronize: synchronize.notModified,
      repeated_requests: [opened, synchronize, reviewed, dismissed, pushMain].reduce((sum, e) => sum + e.repeated.length, 0),
      p95_ms: p95,
      repos,
      p50_ms: p50,
      calls_per_event: {
        'pull_request.opened': opened.calls, 'pull_request.synchronize': synchronize.calls, 'pull_request_review.submitted': reviewed.calls,
        'pull_request_review.dismissed': dismissed.calls, 'push (default branch, 2 open pull requests)': pushMain.calls,
      },
      synchronize_calls: synchronize.list,
      repeated: [...opened.repeated, ...synchronize.repeated, ...reviewed.repeated, ...dismissed.repeated, ...pushMain.repeated],
      load_average: loadavg().map((l) => Math.round(l * 100) / 100),
      measured_at: new Date().toISOString(),
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/app.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`app: ${repos} repositories opening a plan pull request at once: delivery to last check run p50 ${p50} ms, p95 ${p95} ms (goal < 2000)`);
    for (const [event, calls] of Object.entries(result.calls_per_event)) console.log(`app: ${event}: ${calls} REST calls`);
    console.log(`app: synchronize ${synchronize.calls} calls counted against the rate limit (goal <= 15), of ${synchronize.requests} requests (${synchronize.notModified} conditional, answered 304); requests repeated within one event: ${result.repeated_requests}`);
    console.log(`app: load average ${result.load_average.join(' ')}; written to bench/results/app.json`);
    return 0;
  } finally {
    await app.stop();
    await recorder.close();
    await gh.close();
  }
}

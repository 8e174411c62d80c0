// App benchmark (`npm run bench -- app [--repos N]`): the app in its own process, started as `npm start`
// starts it (tsx app/main.ts), against the simulator in this one, its REST calls recorded by a proxy in
// between. The app's process does the app's work only, as in production, where GitHub is somebody else's
// machine: a simulator in the same event loop would bill GitHub's work to the app's latency.
//   1. p95 from delivery to the last check run posted, with N repositories (default 20) each opening a plan
//      pull request at once (deliveries concurrent, as GitHub sends them).
//   2. REST calls per event type on one plan pull request (opened, synchronize, review submitted, review
//      dismissed, push to the default branch), and requests repeated within one event (same method, path and
//      query): the goal is at most 15 calls for a synchronize and none repeated.
// A call is what GitHub counts against the rate limit: a conditional request answered 304 is listed, not
// counted. Writes bench/results/app.json {calls_per_synchronize, repeated_requests, p95_ms, repos, ...} with
// the load average it was measured at.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { startPlayground, type Playground } from '../../playground/index.js';
import { processCpuMs } from '../proc-cpu.js';
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

/**
 * The app as `npm start` runs it (app/main.ts through tsx's loader), in a child process of its own whose
 * CPU time can be read; BENCH_APP_NODE_ARGS adds node flags (`--cpu-prof`). Resolves once its server answers.
 */
async function startAppProcess(env: Record<string, string>): Promise<ChildProcess> {
  const flags = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(ROOT, 'app/main.ts')], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the app exited with ${code} before it listened`))));
  for (;;) {
    const up = fetch(`http://127.0.0.1:${env.PORT}/`).then(() => true, () => false);
    if (await Promise.race([up, exited])) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the simulator has no delivery in flight and the app has sent nothing for QUIET_MS. */
const QUIET_MS = 400;
async function settle(gh: Playground, log: readonly Recorded[]): Promise<void> {
  for (;;) {
    await gh.webhooks.idle();
    const [deliveries, requests] = [gh.webhooks.deliveries.length, log.length];
    await new Promise((r) => setTimeout(r, QUIET_MS));
    if (gh.webhooks.deliveries.length === deliveries && log.length === requests) return;
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
async function callsOf(gh: Playground, log: readonly Recorded[], act: () => Promise<unknown>) {
  const from = log.length;
  await act();
  await settle(gh, log);
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
  const app = await startAppProcess({
    APP_ID: String(gh.app.id), PRIVATE_KEY_PATH: gh.app.privateKeyFile, WEBHOOK_SECRET: gh.app.webhookSecret, PORT: String(port), HOST: '127.0.0.1',
    GHE_HOST: recorder.host, GHE_PROTOCOL: 'http', LOG_LEVEL: 'error', NODE_ENV: 'production',
    // The simulator, like a GitHub Enterprise Server by default, has no secondary rate limit to pace writes for.
    MIGRATION_COPILOT_WRITE_INTERVAL_MS: '0',
  });
  try {
    for (const p of PEOPLE) gh.people.createUser(p);
    gh.people.createOrg('acme', PEOPLE);
    gh.people.createTeam('acme', 'data-leads', ['alice']);
    const { main: files, plan } = example();
    const names = Array.from({ length: repos }, (_, i) => `acme/mig-${i + 1}`);
    for (const name of names) gh.people.createRepo(name, { files, private: true });
    gh.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    gh.people.installApp('acme');
    await settle(gh, recorder.log);

    // Warm-up, as any benchmark does: one plan pull request through both processes first, so the burst
    // measures steady state, not the first use of each code path (the simulator's parse of GitHub's
    // description and its per-operation validators, the app's schema compiles).
    gh.people.createRepo('acme/warm-up', { files, private: true });
    await settle(gh, recorder.log);
    gh.people.openPullNow('acme/warm-up', 'carol', { head: 'plan-v1', title: 'Plan v1', files: { [PLAN]: plan } });
    await settle(gh, recorder.log);

    // 1. Every repository opens its plan pull request at once.
    gh.webhooks.options = { mode: 'concurrent' };
    const cpuBefore = [processCpuMs(app.pid), processCpuMs(process.pid)];
    const started = new Map<string, number>();
    for (const name of names) {
      started.set(name, performance.now());
      gh.people.openPullNow(name, 'carol', { head: 'plan-v1', title: 'Plan v1', files: { [PLAN]: plan } });
    }
    await settle(gh, recorder.log);
    const [appCpu, simCpu] = [processCpuMs(app.pid), processCpuMs(process.pid)].map((after, i) => (after === undefined || cpuBefore[i] === undefined ? undefined : Math.round(after - cpuBefore[i]!)));
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
    const opened = await callsOf(gh, recorder.log, () => carol.push(full, 'plan-v2', { [PLAN]: plan.replace('"version": 1', '"version": 1 ') }, 'Plan v2')
      .then(() => carol.openPull(full, { head: 'plan-v2', title: 'Plan v2' })));
    const n = (await carol.octokit.pulls.list({ owner, repo, head: `${owner}:plan-v2` })).data[0]!.number;
    const synchronize = await callsOf(gh, recorder.log, () => carol.push(full, 'plan-v2', {
      [MAPPING]: files[MAPPING]!.replace('target_type: "DECIMAL(12,2)"', 'target_type: "DECIMAL(18,4)"'),
    }, 'Widen amount'));
    let reviewId = 0;
    const reviewed = await callsOf(gh, recorder.log, async () => { reviewId = await gh.people.as('dora').review(full, n, 'APPROVE'); });
    const dismissed = await callsOf(gh, recorder.log, () => gh.people.as('alice').dismissReview(full, n, reviewId, 'bench'));
    const pushMain = await callsOf(gh, recorder.log, () => gh.people.as('rita').push(full, 'main', { 'README.md': '# bench\n' }, 'Readme'));

    const result = {
      calls_per_synchronize: synchronize.calls,
      requests_per_synchronize: synchronize.requests,
      not_modified_per_synchronize: synchronize.notModified,
      repeated_requests: [opened, synchronize, reviewed, dismissed, pushMain].reduce((sum, e) => sum + e.repeated.length, 0),
      p95_ms: p95,
      repos,
      p50_ms: p50,
      // CPU each process used for the burst (the simulator's includes the quiet wait's idle polling only).
      app_cpu_ms_per_pull_request: appCpu === undefined ? null : Math.round(appCpu / repos),
      simulator_cpu_ms_per_pull_request: simCpu === undefined ? null : Math.round(simCpu / repos),
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
    console.log(`app: CPU per plan pull request opened: the app ${result.app_cpu_ms_per_pull_request ?? '?'} ms, the simulator ${result.simulator_cpu_ms_per_pull_request ?? '?'} ms (${availableParallelism()} cores for both)`);
    for (const [event, calls] of Object.entries(result.calls_per_event)) console.log(`app: ${event}: ${calls} REST calls`);
    console.log(`app: synchronize ${synchronize.calls} calls counted against the rate limit (goal <= 15), of ${synchronize.requests} requests (${synchronize.notModified} conditional, answered 304); requests repeated within one event: ${result.repeated_requests}`);
    console.log(`app: load average ${result.load_average.join(' ')}; written to bench/results/app.json`);
    return 0;
  } finally {
    const exited = new Promise((r) => app.once('exit', r));
    app.kill('SIGTERM');
    await exited;
    await recorder.close();
    await gh.close();
  }
}

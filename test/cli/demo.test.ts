// The README's main job and the lifecycle's happy path, through the real entry point: one migration from its
// plan pull request to its evidence pack on the local GitHub simulator as a scenario of people only, the app
// started as `npm start` starts it and the runner's workflow run by the simulator, with the trace written. A demo that left the simulator or the app
// running would never exit, so every exit code seen here also says it closed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTimeline } from '../../cli/demo/timeline.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mc-demo-test-'));
  dirs.push(dir);
  return dir;
}

const GATE_CHECKS = [
  'tag-exists', 'tag-annotated', 'tag-signature', 'tag-on-default-branch', 'commit-signature',
  'trust-policy', 'signature', 'readable-copy', 'schema', 'version', 'status', 'policy-version', 'plan-sha256', 'inputs', 'validators', 'approvals',
];
const STATES = ['CREATED', 'DISCOVERED', 'PLAN_DRAFTED', 'PLANNED', 'EXECUTED', 'RECONCILED', 'PARALLEL_VALIDATED', 'CUTOVER_READY', 'CUTOVER_DONE', 'EVIDENCE_COMPLETE'];

describe('migration-copilot demo', () => {
  it('runs the whole lifecycle as people only; the app and the runner workflow do the rest; every state is reached once', async () => {
    const dir = await workDir();
    const trace = join(await workDir(), 'trace.jsonl');
    const { stdout, stderr } = await run('node', ['bin/migration-copilot.js', 'demo', '--dir', dir], {
      env: { ...process.env, CI: 'true', MIGRATION_COPILOT_SIM_TRACE: trace }, timeout: 900_000, maxBuffer: 16 * 1024 * 1024,
    });
    for (const line of [
      /the app listens at http:\/\/127\.0\.0\.1:\d+ \(started as `npm start` starts it/,
      /duckdb source .*source\.duckdb:\n {4}main\.customers 20,000 rows .*main\.orders 120,000 rows/,
      /carol commented `\/migrate init source=duckdb target=duckdb scope=main\.\*` on #1\n/,
      /Opened #\d+ with project `demo-orders-migration` \(duckdb-duckdb/,
      /carol pushed to migration\/init: roles and signers' public keys/,
      /alice commented `\/discover` on #1/, /\[run \d+ · discover and profile \(read-only\)\] job success/,
      /alice commented `\/plan propose` on #1/, /dora resolves md-\d+ \(pii_handling on main\.customers\.email\)/,
      /alice commented `\/advance PLANNED` on #1/,
      /alice \(tech_lead\), dora \(data_owner\), sam \(security\) approved #\d+/,
      /alice commented `\/plan sign` on #\d+\n {6}the app reacted eyes, \+1 and answered:/,
      /Signed \*\*v1\*\* of `[a-z0-9-]+` on the reviewed head [0-9a-f]{12}; committed/,
      /migration-copilot\[bot\] pushed annotated tag plan\/v1 -> [0-9a-f]{7}, tagger migration-copilot\[bot\], SSH-signed/,
      // Progress while the runner works: the workflow's own log, the gate's checks, rows per step.
      ...GATE_CHECKS.map((id) => new RegExp(`\\[run \\d+ · execute, reconcile and publish\\] {3}ok {3}${id}: `)),
      /\[run \d+ · execute, reconcile and publish\] 120000 rows, merge into main\.orders/,
      /\[run \d+ · execute, reconcile and publish\] reconciliation: pass, (\d+) of \1 tables pass/,
      /the tag push started workflow "migration-runner" \(.github\/workflows\/migration-runner.yml\), run \d+: completed, success/,
      /github-actions\[bot\] opened #\d+ "Evidence: plan v1 succeeded, reconciliation passed" from evidence\/plan-v1: project\.json, reconciliation\/v1\/recon_report\.json/,
      /dora \(data_owner\), sam \(security\), alice \(code owner\) approved #\d+/,
      /Opened #\d+ \(EXECUTED->RECONCILED\); the policy asks no role to approve it/,
      /quinn \(qa_lead\), alice \(code owner\) approved #\d+/, /bo \(business_owner\), alice \(code owner\) approved #\d+/,
      /rita \(release_manager\), dora \(data_owner\), alice \(code owner\) approved #\d+/,
      /rita commented `\/evidence compose` on #\d+\n {6}the app reacted eyes, \+1 and answered:/,
      /expected result: refused \(plan-sha256, inputs, approvals\)/,
      /audit chain ok: \d+ entries on branch migration-audit/,
      /cloned into .*\/repo: \d+ commits on main, tags plan\/v1, branch origin\/migration-audit/,
      /simulator: \d+ requests \(\d+ by the app\), 0 violations/,
    ]) expect(stdout).toMatch(line);
    // Every state is reached once, in order, each by a merge a person made; the evidence pack verifies offline.
    const states = [...stdout.matchAll(/\n {6}project\.json on main: ([A-Z_]+)/g)].map((m) => m[1]);
    expect(states).toEqual(STATES);
    expect(stdout).toMatch(/\$ migration-copilot verify --evidence .*\/repo\/evidence\/v1 --repo .*\n(?: {8}.*\n)* {8}verified: /);
    expect(stdout).not.toMatch(/not yet available/);
    expect(stderr).toBe('');
    // What a person reads names digests by 12 characters; an expected refusal is no error.
    expect(stdout).not.toMatch(/[0-9a-f]{40}/);
    expect(stdout).not.toMatch(/error\[/);

    const lines = (await readFile(trace, 'utf8')).trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const by = (actor: (a: string) => boolean) => entries.filter((e) => actor(String(e.actor))).map((e) => `${e.method as string} ${e.path as string}`);
    // People act: push, open, review, comment, merge. Everything else is the app's or the workflow's answer.
    const people = by((a) => !a.startsWith('app:') && a !== 'null' && !a.startsWith('actions'));
    expect(people.filter((r) => !r.startsWith('GET ')).map((r) => r.replace(/\d+/g, 'N'))).toEqual(expect.arrayContaining([
      'POST /repos/acme/demo-orders-migration/pulls', 'POST /repos/acme/demo-orders-migration/pulls/N/reviews',
      'POST /repos/acme/demo-orders-migration/issues/N/comments', 'PUT /repos/acme/demo-orders-migration/pulls/N/merge',
    ]));
    // Nothing duplicated: the app opens one pull request per transition and one for the pack; the workflow one evidence pull request.
    const opened = entries.filter((e) => e.method === 'POST' && e.path === '/repos/acme/demo-orders-migration/pulls' && Number(e.status) === 201);
    // init, discovery, plan, PLANNED, four later transitions, the evidence pack
    expect(opened.filter((e) => String(e.actor).startsWith('app:'))).toHaveLength(9);
    expect(opened.filter((e) => !String(e.actor).startsWith('app:') && String(e.actor) !== 'carol')).toHaveLength(1);
    const audit = [...stdout.matchAll(/\n {8} *\d+ (\S+) +(\S+) +(\S+)/g)].map((m) => `${m[2]} ${m[3]}`);
    expect(audit.filter((a) => a.startsWith('state.changed'))).toHaveLength(STATES.length - 1);
    expect(audit.filter((a) => a.startsWith('plan.tagged'))).toEqual(['plan.tagged plan/v1']);
    // A person merges; the app never asks for a merge.
    const merges = entries.filter((e) => /\/pulls\/\d+\/merge$|\/merges$/.test(String(e.path)) && e.method !== 'GET');
    expect(new Set(merges.map((e) => e.actor))).toEqual(new Set(['rita']));

    // Tokens and private keys never reach the output, the trace or the app's log; the keys stay readable only by their owner.
    const appLog = await readFile(join(dir, 'app.log'), 'utf8');
    const traceText = lines.join('\n');
    for (const text of [stdout, traceText, appLog]) expect(text).not.toMatch(/gh[a-z]_[A-Za-z0-9]{16,}/);
    for (const file of ['keys/plan-signing.pem', 'keys/tag-signing']) {
      const key = await readFile(join(dir, file), 'utf8');
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
      for (const body of key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
        for (const text of [stdout, traceText, appLog]) expect(text).not.toContain(body);
      }
    }
    // --dir keeps everything: the repository with its history, the artifact store.
    expect((await stat(join(dir, 'repo', '.git'))).isDirectory()).toBe(true);
    expect((await stat(join(dir, 'artifacts'))).isDirectory()).toBe(true);
  }, 900_000);

  it('refuses a --dir that holds files, at once and without reading the terminal (exit 2)', async () => {
    const dir = await workDir();
    await mkdir(join(dir, 'keys'), { recursive: true });
    await writeFile(join(dir, 'keys', 'tag-signing'), 'left by an earlier run\n');
    const err = await run('node', ['bin/migration-copilot.js', 'demo', '--dir', dir], { env: { ...process.env, CI: 'true' }, timeout: 30_000 })
      .catch((e: unknown) => e) as { code: number; stdout: string; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain(`error[USAGE]: demo: --dir ${dir} is not empty (1 entry, e.g. keys)`);
    expect(err.stderr).toContain('pass --dir with a new folder');
    expect(err.stdout).toBe('');
    expect(await readFile(join(dir, 'keys', 'tag-signing'), 'utf8')).toBe('left by an earlier run\n');
  }, 30_000);

  it('refuses an unknown flag with usage and exit 2', async () => {
    const err = await run('node', ['bin/migration-copilot.js', 'demo', '--bogus']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain("Unknown option '--bogus'");
    expect(err.stderr).toContain('usage:');
  });

  it('renders the timeline as the golden file shows', async () => {
    const text = renderTimeline('timeline of acme/demo-orders-migration#1:', [
      { actor: 'carol', what: 'opened #1 "Plan v1" (plan-v1 @ 1111111)' },
      { actor: 'alice', what: 'approved 1111111 as tech_lead' },
      { actor: 'migration-copilot[bot]', what: 'tagged plan/v1 on 2222222 (SSH-signed), pushed over HTTPS' },
      { actor: 'runner', what: 'gate on plan/v1: v1 may run (16/16 checks ok)' },
    ]);
    expect(`${text}\n`).toBe(await readFile(join(import.meta.dirname, '../golden/demo/timeline.txt'), 'utf8'));
  });
});

// The README's main job, through the real entry point: the example repository's plan pull request on the
// local GitHub simulator as a scenario of people only, the app started as `npm start` starts it, from carol's
// push to the runner's gate, with the simulator's trace written. A demo that left the simulator or the app
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

describe('migration-copilot demo', () => {
  it('runs the plan pull request as people only; the app answers the webhooks; the runner\'s gate passes', async () => {
    const dir = await workDir();
    const trace = join(await workDir(), 'trace.jsonl');
    const { stdout, stderr } = await run('node', ['bin/migration-copilot.js', 'demo', '--dir', dir], {
      env: { ...process.env, CI: 'true', MIGRATION_COPILOT_SIM_TRACE: trace }, timeout: 240_000,
    });
    for (const line of [
      /the app listens at http:\/\/127\.0\.0\.1:\d+ \(started as `npm start` starts it/,
      /carol pushed plan-v1 \([0-9a-f]{7}, adds plans\/migration_plan.json\) and opened acme\/demo-orders-migration#1/,
      /the app's check runs migration\/\* on [0-9a-f]{7}: .*success: .*schema/,
      /alice approved [0-9a-f]{7} \(tech_lead\)/, /dora approved [0-9a-f]{7} \(data_owner\)/, /sam approved [0-9a-f]{7} \(security\)/,
      /the app recomputed migration\/approvals on [0-9a-f]{7}: success/,
      /carol commented `\/plan status`\n {6}the app reacted eyes, \+1 and answered:/,
      /risk \*\*medium\*\* as the policy grades it: main\.customers\.email \(pii\)/,
      /alice commented `\/plan sign`\n {6}the app reacted eyes, \+1 and answered:/,
      /Signed \*\*v1\*\* of `demo-orders-plan` on the reviewed head [0-9a-f]{12}; committed/,
      /\| @dora \| data_owner \| PLANNED->EXECUTED \|/,
      /rita merged #1 into main: [0-9a-f]{7}/, /committed by GitHub; signature verified \(valid\) by GitHub/,
      /migration-copilot\[bot\] pushed annotated tag plan\/v1 -> [0-9a-f]{7}, tagger migration-copilot\[bot\], SSH-signed/,
      /the tag push started workflow "migration-runner" \(.github\/workflows\/migration-runner.yml\), run \d+: completed, success/,
      ...GATE_CHECKS.map((id) => new RegExp(`\\n {8}ok {3}${id}: `)),
      /gate: v1 may run \(16\/16 checks ok\)/,
      /\n {6}plan-sha256: signed plan_sha256 [0-9a-f]{12}…, plans\/migration_plan.json is [0-9a-f]{12}…/,
      /expected result: refused \(plan-sha256, inputs, approvals\)/,
      /audit chain ok: \d+ entries on branch migration-audit/, /\d alice {18}plan\.signed {12}plan\/v1/, /migration-copilot\[bot\] plan\.tagged {12}plan\/v1/,
      /timeline of acme\/demo-orders-migration#1:\n {2}carol {19}opened #1/,
      /\n {2}rita {20}merged #1 as [0-9a-f]{7} \(signed by GitHub: valid\)/,
      /\n {2}runner {18}gate on plan\/v1: v1 may run/,
      /simulator: \d+ requests \(\d+ by the app\), 0 violations/,
    ]) expect(stdout).toMatch(line);
    expect(stderr).toBe('');
    // What a person reads names digests by 12 characters; an expected refusal is no error.
    expect(stdout).not.toMatch(/[0-9a-f]{40}/);
    expect(stdout).not.toMatch(/error\[/);

    const lines = (await readFile(trace, 'utf8')).trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(e).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.any(String), status: expect.any(Number) }));
    }
    const by = (actor: (a: string) => boolean) => entries.filter((e) => actor(String(e.actor))).map((e) => `${e.method as string} ${e.path as string}`);
    // People act: push, open, review, comment, merge. Everything else is the app's answer to a webhook.
    const people = by((a) => !a.startsWith('app:') && a !== 'null' && !a.startsWith('actions'));
    expect(people.filter((r) => !r.startsWith('GET ')).map((r) => r.replace(/\d+/g, 'N'))).toEqual(expect.arrayContaining([
      'POST /repos/acme/demo-orders-migration/pulls', 'POST /repos/acme/demo-orders-migration/pulls/N/reviews',
      'POST /repos/acme/demo-orders-migration/issues/N/comments', 'PUT /repos/acme/demo-orders-migration/pulls/N/merge',
    ]));
    const app = by((a) => a.startsWith('app:'));
    expect(app).toEqual(expect.arrayContaining([
      expect.stringMatching(/^POST \/repos\/acme\/demo-orders-migration\/check-runs$/),
      expect.stringMatching(/^POST \/repos\/acme\/demo-orders-migration\/git\/commits$/),
      expect.stringMatching(/^POST \/repos\/acme\/demo-orders-migration\/issues\/comments\/\d+\/reactions$/),
    ]));
    // A person merges; the app never asks for a merge.
    const merges = entries.filter((e) => /\/pulls\/\d+\/merge$|\/merges$/.test(String(e.path)) && e.method !== 'GET');
    expect(merges.map((e) => e.actor)).toEqual(['rita']);

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
  }, 240_000);

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

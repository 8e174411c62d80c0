// The README's main job, through the real entry point: the example repository's plan pull request on the
// local GitHub simulator, from carol's push to the runner's gate, with the simulator's trace written.
// A demo that left the simulator running would never exit, so every exit code seen here also says it closed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTimeline } from '../../cli/demo/timeline.js';
import { checkApprovalsRecord } from '../../core/approvals/index.js';

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
  it('runs the plan pull request on the simulator, from the push to the runner\'s gate, and writes the trace', async () => {
    const dir = await workDir();
    const trace = join(await workDir(), 'trace.jsonl');
    const { stdout, stderr } = await run('node', ['bin/migration-copilot.js', 'demo', '--dir', dir], {
      env: { ...process.env, CI: 'true', MIGRATION_COPILOT_SIM_TRACE: trace }, timeout: 120_000,
    });
    for (const line of [
      /carol pushed plan-v1 \([0-9a-f]{7}, adds plans\/migration_plan.json\) and opened acme\/demo-orders-migration#1/,
      /validate: PASS/,
      /the app's check runs migration\/\* on [0-9a-f]{7}: success: schema, type-coercion, hashing, sampling, tolerance, manual-decisions; skipped: approvals, signed-plan/,
      /alice APPROVED [0-9a-f]{7} \(tech_lead\)/, /dora APPROVED [0-9a-f]{7} \(data_owner\)/, /sam APPROVED [0-9a-f]{7} \(security\)/,
      /teams \{ acme\/data-leads: alice \}, CODEOWNERS from main: yes/,
      /dry run: would sign plan demo-orders-plan v1/,
      /added {4}plans\/signed\/v1.sigstore.json/,
      /rita merged #1 into main: [0-9a-f]{7}/, /committed by GitHub; signature verified \(valid\) by GitHub/,
      /pushed annotated tag plan\/v1 -> [0-9a-f]{7}, SSH-signed/,
      /the tag push started workflow "migration-runner" \(.github\/workflows\/migration-runner.yml\), run \d+: completed, success/,
      ...GATE_CHECKS.map((id) => new RegExp(`\\n {8}ok {3}${id}: `)),
      /gate: v1 may run \(16\/16 checks ok\)/,
      /\n {6}plan-sha256: signed plan_sha256 [0-9a-f]{12}…, plans\/migration_plan.json is [0-9a-f]{12}…/,
      /expected result: refused \(plan-sha256, inputs, approvals\)/,
      /audit chain ok: \d+ entries/, /published audit.jsonl on branch migration-audit/,
      /timeline of acme\/demo-orders-migration#1:\n {2}carol {19}opened #1/,
      /\n {2}rita {20}merged #1 as [0-9a-f]{7} \(signed by GitHub: valid\)/,
      /\n {2}runner {18}gate on plan\/v1: v1 may run/,
      /simulator: \d+ requests, 0 violations/,
    ]) expect(stdout).toMatch(line);
    expect(stderr).toBe('');
    // What a person reads names digests by 12 characters; an expected refusal is no error.
    expect(stdout).not.toMatch(/[0-9a-f]{40}/);
    expect(stdout).not.toMatch(/error\[/);

    const record = await readFile(join(dir, 'approvals.json'), 'utf8');
    const checked = checkApprovalsRecord(record, 'approvals.json');
    expect(checked.findings).toEqual([]);
    expect(checked.record?.reviews.map((r) => `${r.user}:${r.state}`)).toEqual(['alice:APPROVED', 'dora:APPROVED', 'sam:APPROVED']);

    const lines = (await readFile(trace, 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(e).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.any(String), status: expect.any(Number) }));
    }
    const seen = entries.map((e) => `${e.method as string} ${e.path as string}`).join('\n');
    expect(seen).toMatch(/PUT \/repos\/acme\/demo-orders-migration\/pulls\/1\/merge/);
    expect(seen).toMatch(/POST \/repos\/acme\/demo-orders-migration\/pulls\/1\/reviews/);
    // A person merges; the app never asks for a merge.
    const merges = entries.filter((e) => /\/pulls\/\d+\/merge$|\/merges$/.test(String(e.path)) && e.method !== 'GET');
    expect(merges.map((e) => e.actor)).toEqual(['rita']);
    expect(entries.filter((e) => String(e.actor).startsWith('app:')).length).toBeGreaterThan(5);

    // Tokens and private keys never reach the output or the trace; the keys stay readable only by their owner.
    const traceText = lines.join('\n');
    for (const text of [stdout, traceText]) expect(text).not.toMatch(/gh[a-z]_[A-Za-z0-9]{16,}/);
    for (const file of ['keys/plan-signing.pem', 'keys/tag-signing']) {
      const key = await readFile(join(dir, file), 'utf8');
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
      for (const body of key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
        expect(stdout).not.toContain(body);
        expect(traceText).not.toContain(body);
      }
    }
  }, 120_000);

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
      { actor: 'migration-copilot[bot]', what: 'tagged plan/v1 on 2222222 (SSH-signed), pushed over HTTP' },
      { actor: 'runner', what: 'gate on plan/v1: v1 may run (16/16 checks ok)' },
    ]);
    expect(`${text}\n`).toBe(await readFile(join(import.meta.dirname, '../golden/demo/timeline.txt'), 'utf8'));
  });
});

// `migration-copilot validate` through the real entry point (bin/) and through main() with captured
// streams: the demo passes, broken fixture repositories fail with the expected lines, usage errors exit 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { sha256Hex } from '../../core/json/canonical.js';

const root = join(import.meta.dirname, '..', '..');
const golden = (name: string) => readFileSync(join(root, 'test', 'golden', 'validate', `${name}.txt`), 'utf8');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'migration-copilot.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function run(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => { stdout += d.toString(); });
  err.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await main(['validate', ...args], { stdout: out, stderr: err, env: {}, cwd: root, interactive: false });
  return { code, stdout, stderr };
}

describe('validate (bin/migration-copilot.js)', () => {
  it('passes the demo migration with exit 0', () => {
    const r = cli(['validate', '--repo', 'examples/demo-migration']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(golden('demo-migration'));
    expect(r.code).toBe(0);
  });

  it('fails a repository that breaks the rules with exit 1 and the expected lines', () => {
    const r = cli(['validate', '--repo', 'test/fixtures/repos/broken-rules']);
    expect(r.stdout).toBe(golden('broken-rules'));
    expect(r.code).toBe(1);
  });
});

describe('validate (main)', () => {
  it.each([
    ['malformed', 1],
    ['broken-rules', 1],
  ])('%s exits %i with the expected lines', async (name, code) => {
    const r = await run(['--repo', `test/fixtures/repos/${name}`]);
    expect(r.stdout).toBe(golden(name));
    expect(r.code).toBe(code);
  });

  it('reads the policy from --base', async () => {
    const r = await run(['--repo', 'examples/demo-migration', '--base', 'test/fixtures/repos/strict-base', '--only', 'sampling,tolerance']);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^plans\/migration_plan\.json:25: sampling\/rate-below-min: rate 0\.1 is below the policy's minimum 0\.5 \(the base branch's \.migration\/policy\.json\)/),
      'validate: FAIL: 1 passed, 1 failed, 0 errored, 0 skipped; 1 error, 0 warnings',
    ]);
    expect(r.code).toBe(1);
  });

  it.each([
    [['alice', 'dora', 'sam'], 0, 'validate: PASS: 7 passed, 0 failed, 0 errored, 1 skipped; 0 errors, 0 warnings'],
    [['alice', 'dora'], 1, 'validate: FAIL: 6 passed, 1 failed, 0 errored, 1 skipped; 1 error, 0 warnings'],
  ])('checks an approvals record given with --approvals (%j approved)', async (approvers, code, summary) => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-approvals-'));
    try {
      const demo = join(root, 'examples', 'demo-migration');
      const head = 'f'.repeat(40);
      writeFileSync(join(dir, 'approvals.json'), JSON.stringify({
        repository: 'acme/demo-orders-migration', pull_number: 7, base_ref: 'main', head_sha: head, author: 'carol',
        changed_files: ['plans/migration_plan.json'],
        plan_sha256: sha256Hex(readFileSync(join(demo, 'plans', 'migration_plan.json'))),
        reviews: approvers.map((user, i) => ({ id: i + 1, user, state: 'APPROVED', commit_id: head, submitted_at: '2026-11-27T10:00:00Z' })),
        teams: { 'acme/data-leads': ['alice'] }, codeowners: readFileSync(join(demo, 'CODEOWNERS'), 'utf8'),
      }));
      const r = await run(['--repo', 'examples/demo-migration', '--approvals', join(dir, 'approvals.json')]);
      const lines = r.stdout.trim().split('\n');
      expect(lines.at(-1)).toBe(summary);
      if (code === 1) expect(lines[0]).toMatch(/^\.migration\/config\.yml:5: approvals\/role-missing: PLANNED->EXECUTED: role security is missing/);
      expect(r.code).toBe(code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never prints a literal connection string', async () => {
    const r = await run(['--repo', 'test/fixtures/repos/malformed']);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).toContain('<redacted');
  });

  it('prints JSON with --format json', async () => {
    const r = await run(['--repo', 'test/fixtures/repos/broken-rules', '--format', 'json']);
    const parsed = JSON.parse(r.stdout) as { status: string; results: { id: string; status: string; findings: unknown[] }[]; skipped: { id: string }[] };
    expect(parsed.status).toBe('fail');
    expect(parsed.results.map((x) => [x.id, x.status])).toEqual([
      ['schema', 'pass'], ['type-coercion', 'fail'], ['hashing', 'fail'], ['sampling', 'fail'], ['tolerance', 'fail'], ['manual-decisions', 'fail'],
    ]);
    expect(parsed.skipped.map((s) => s.id)).toEqual(['approvals', 'signed-plan']);
    expect(r.code).toBe(1);
  });

  it('runs only the named validators with --only', async () => {
    const r = await run(['--repo', 'test/fixtures/repos/broken-rules', '--only', 'tolerance']);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^plans\/migration_plan\.json:31: tolerance\/missing: /),
      expect.stringMatching(/^plans\/migration_plan\.json:33: tolerance\/severity-weaker: /),
      expect.stringMatching(/^plans\/migration_plan\.json:34: tolerance\/exceeds-policy: /),
      'validate: FAIL: 0 passed, 1 failed, 0 errored, 0 skipped; 3 errors, 0 warnings',
    ]);
  });

  it.each([
    [['--format', 'xml'], /--format must be text or json/],
    [['--only', 'nope'], /unknown validator "nope"/],
    [['--colour'], /Unknown option '--colour'/],
    [['--repo', 'does/not/exist'], /repository directory .* does not exist/],
    [['--repo', 'examples/demo-migration', '--approvals', 'missing.json'], /approvals record missing.json not found/],
  ])('exits 2 on %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

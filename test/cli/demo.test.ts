// The README's main job, through the real entry point: the example repository is validated, signed,
// verified, a tampered copy is refused, and the audit chain of it all verifies.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

describe('migration-copilot demo', () => {
  it('signs and verifies the example repository, and refuses a tampered copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mc-demo-test-'));
    dirs.push(dir);
    const { stdout } = await run('node', ['bin/migration-copilot.js', 'demo', '--dir', dir], { env: { ...process.env, CI: 'true' } });
    expect(stdout).toContain('validate: PASS');
    expect(stdout).toContain('verified: v1 may run');
    expect(stdout).toMatch(/FAIL plan-sha256: signed plan_sha256 [0-9a-f]{64}, plans\/migration_plan.json is [0-9a-f]{64}/);
    expect(stdout).toContain('refused, as it must be (exit 1)');
    expect(stdout).toMatch(/audit chain ok: \d+ entries/);

    const repo = join(dir, 'demo-orders-migration');
    const signed = JSON.parse(await readFile(join(repo, 'plans/signed/v1.json'), 'utf8'));
    expect(signed.status).toBe('APPROVED');
    expect(signed.approvals.map((a: { approver: string }) => a.approver).sort()).toEqual(['alice', 'dora', 'sam']);
    const key = await readFile(join(dir, 'keys/plan-signing.pem'), 'utf8');
    expect((await stat(join(dir, 'keys/plan-signing.pem'))).mode & 0o777).toBe(0o600);
    // The private key never reaches the output or the repository.
    const body = key.split('\n')[1]!;
    expect(stdout).not.toContain(body);
    expect(await readFile(join(repo, '.migration/config.yml'), 'utf8')).not.toContain(body);
  });

  it('refuses an unknown flag with usage and exit 2', async () => {
    const err = await run('node', ['bin/migration-copilot.js', 'demo', '--bogus']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain("Unknown option '--bogus'");
    expect(err.stderr).toContain('usage:');
  });
});

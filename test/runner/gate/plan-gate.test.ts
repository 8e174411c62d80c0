// The runner's full plan gate on real git repositories: tags and commits signed with SSH keys made by
// ssh-keygen here, the signed plan made by the real `sign` command, and one change per case.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlanGate } from '../../../runner/gate/plan-gate.js';
import { cli, makeRepo, newKey, removeRepos } from '../../cli/sign-fixtures.js';

let work: string;
let base: string;
let botKey: string;
let strangerKey: string;

const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const signWith = (key: string) => ['-c', `user.signingkey=${key}`];

async function sshKey(name: string): Promise<string> {
  const path = join(work, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mc-gate-'));
  botKey = await sshKey('bot');
  strangerKey = await sshKey('stranger');
  const key = newKey('ed25519', 'plan-key');
  const pub = (await readFile(`${botKey}.pub`, 'utf8')).trim().split(' ');
  const r = await makeRepo(key, [key], undefined, {
    prepare: async (origin) => {
      const configFile = join(origin, '.migration/config.yml');
      const config = parse(await readFile(configFile, 'utf8'));
      config.signers.tag_signers = [`migration-copilot[bot] ${pub[0]} ${pub[1]}`];
      await writeFile(configFile, stringify(config));
    },
  });
  const signed = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
  expect(signed.code, signed.stderr).toBe(0);
  base = r.repo;
  // The runner's clone: main is the branch the signed plan was merged into (the clone's origin is gone).
  git(base, 'remote', 'remove', 'origin');
  git(base, 'config', 'user.name', 'migration-copilot[bot]');
  git(base, 'config', 'user.email', 'bot@example.com');
  git(base, 'config', 'gpg.format', 'ssh');
  git(base, 'config', 'user.signingkey', botKey);
  git(base, 'add', '-A');
  git(base, 'commit', '-q', '-S', '-m', 'Signed plan v1');
  git(base, 'tag', '-s', '-a', 'plan/v1', '-m', 'plan v1');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await removeRepos();
});

async function copy(): Promise<string> {
  const dir = await mkdtemp(join(work, 'case-'));
  await cp(base, dir, { recursive: true });
  return dir;
}

const failed = (checks: readonly { id: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.id);

describe('runPlanGate', () => {
  it('accepts a signed tag on a signed default-branch commit carrying a verified signed plan', async () => {
    const result = await runPlanGate({ repoDir: await copy(), version: 1 });
    expect(failed(result.checks)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual([
      'tag-exists', 'tag-annotated', 'tag-signature', 'tag-on-default-branch', 'commit-signature',
      'trust-policy', 'signature', 'readable-copy', 'schema', 'version', 'status', 'policy-version', 'plan-sha256', 'inputs', 'validators', 'approvals',
    ]);
    expect(result.signedPlan).toMatchObject({ plan_id: 'demo-orders-plan', version: 1 });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each<[string, (repo: string) => Promise<void> | void, string[], RegExp]>([
    ['no tag', (r) => { git(r, 'tag', '-d', 'plan/v1'); }, ['tag-exists'], /there is no tag plan\/v1/],
    ['a lightweight tag', (r) => { git(r, 'tag', '-d', 'plan/v1'); git(r, 'tag', 'plan/v1'); }, ['tag-annotated', 'tag-signature'], /lightweight tag/],
    ['an unsigned annotated tag', (r) => { git(r, 'tag', '-f', '-a', 'plan/v1', '-m', 'v1'); }, ['tag-signature'], /has no SSH signature/],
    ['a tag signed by a key not in tag_signers', (r) => { git(r, ...signWith(strangerKey), 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1'); },
      ['tag-signature'], /git verify-tag refused plan\/v1/],
    ['a tag on a commit off the default branch', (r) => {
      git(r, 'checkout', '-q', '-b', 'side'); git(r, 'commit', '-q', '-S', '--allow-empty', '-m', 'side');
      git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1'); git(r, 'checkout', '-q', 'main');
    }, ['tag-on-default-branch'], /is not on refs\/heads\/main/],
    ['an unsigned commit', (r) => {
      git(r, 'commit', '-q', '--no-gpg-sign', '--allow-empty', '-m', 'unsigned'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, ['commit-signature'], /git verify-commit refused/],
    ['a commit signed by a key not in tag_signers', (r) => {
      git(r, ...signWith(strangerKey), 'commit', '-q', '-S', '--allow-empty', '-m', 'stranger'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, ['commit-signature'], /git verify-commit refused/],
    ['a plan changed in the tagged commit', async (r) => {
      const plan = join(r, 'plans/migration_plan.json');
      await writeFile(plan, (await readFile(plan, 'utf8')).replace('"rate": 0.1', '"rate": 0.3'));
      git(r, 'commit', '-q', '-S', '-am', 'edit plan'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, ['plan-sha256', 'inputs', 'approvals'], /signed plan_sha256 [0-9a-f]{64}, plans\/migration_plan.json is/],
    ['a tagged commit without the bundle', (r) => {
      git(r, 'rm', '-q', 'plans/signed/v1.sigstore.json'); git(r, 'commit', '-q', '-S', '-m', 'drop bundle'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, ['files'], /plan\/v1 \([0-9a-f]{12}\) lacks plans\/signed\/v1.sigstore.json$/],
    ['a tagged commit whose bundle is a symlink to it', async (r) => {
      git(r, 'mv', 'plans/signed/v1.sigstore.json', 'plans/signed/bundle.json');
      await symlink('bundle.json', join(r, 'plans/signed/v1.sigstore.json'));
      git(r, 'add', '-A'); git(r, 'commit', '-q', '-S', '-m', 'symlinked bundle'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, ['files'], /lacks plans\/signed\/v1.sigstore.json$/],
    ['tag signers removed from the default branch config', async (r) => {
      const file = join(r, '.migration/config.yml');
      const config = parse(await readFile(file, 'utf8'));
      config.signers.tag_signers = [];
      await writeFile(file, stringify(config));
      git(r, 'commit', '-q', '-S', '-am', 'no tag signers');
    }, ['tag-signature', 'commit-signature'], /signers.tag_signers of .migration\/config.yml is empty/],
  ])('refuses %s', async (_name, change, ids, reason) => {
    const repo = await copy();
    await change(repo);
    const result = await runPlanGate({ repoDir: repo, version: 1 });
    expect(result.ok).toBe(false);
    expect(result.signedPlan).toBeUndefined();
    expect(failed(result.checks)).toEqual(ids);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.detail).join('\n')).toMatch(reason);
  });

  it('refuses a commit signed by an OpenPGP key even when the runner\'s own keyring trusts it', async () => {
    const repo = await copy();
    const gnupg = await mkdtemp(join(work, 'gnupg-'));
    const env = { ...process.env, GNUPGHOME: gnupg };
    execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Runner <runner@example.com>', 'ed25519', 'sign', 'never'], { env, stdio: 'ignore' });
    const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(execFileSync('gpg', ['--list-secret-keys', '--with-colons'], { env, encoding: 'utf8' }))![1]!;
    execFileSync('git', ['-c', 'gpg.format=openpgp', '-c', `user.signingkey=${fpr}`, 'commit', '-q', '-S', '--allow-empty', '-m', 'pgp'], { cwd: repo, env });
    git(repo, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    // Plain git would accept it: the key is in the keyring the runner's gpg reads.
    expect(() => execFileSync('git', ['verify-commit', 'HEAD'], { cwd: repo, env, stdio: 'ignore' })).not.toThrow();
    const saved = process.env.GNUPGHOME;
    process.env.GNUPGHOME = gnupg;
    try {
      const result = await runPlanGate({ repoDir: repo, version: 1 });
      expect(failed(result.checks)).toEqual(['commit-signature']);
    } finally {
      if (saved === undefined) delete process.env.GNUPGHOME; else process.env.GNUPGHOME = saved;
    }
  });

  it('takes the plan-signing keys from the default branch: a key removed on main after signing is refused', async () => {
    const repo = await copy();
    const file = join(repo, '.migration/config.yml');
    const config = parse(await readFile(file, 'utf8'));
    config.signers.keys = [];
    await writeFile(file, stringify(config));
    git(repo, 'commit', '-q', '-S', '-am', 'revoke the plan key');
    const result = await runPlanGate({ repoDir: repo, version: 1 });
    expect(result.ok).toBe(false);
    expect(failed(result.checks)).toContain('signature');
    expect(result.checks.find((c) => c.id === 'trust-policy')!.detail).toBe('0 key(s), 1 keyless identity');
  });

  it('takes the policy in force from the default branch before the plan merged, not from the tagged commit', async () => {
    const repo = await copy();
    const file = join(repo, '.migration/policy.json');
    const policy = JSON.parse(await readFile(file, 'utf8'));
    policy.approvals['PLANNED->EXECUTED'] = ['data_owner'];
    // The plan pull request's merge carries a relaxed policy: the SignedPlan was signed under the one before.
    await writeFile(file, JSON.stringify(policy, null, 2));
    git(repo, 'commit', '-q', '-S', '-am', 'merge: relax the policy'); git(repo, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    const result = await runPlanGate({ repoDir: repo, version: 1 });
    expect(failed(result.checks)).toEqual([]);
    expect(result.checks.find((c) => c.id === 'policy-version')!.ok).toBe(true);
  });

  it('takes the plan files from the tagged commit, not the working tree', async () => {
    const repo = await copy();
    await writeFile(join(repo, 'plans/migration_plan.json'), '{"edited": "in the working tree only"}');
    expect((await runPlanGate({ repoDir: repo, version: 1 })).ok).toBe(true);
  });

  it.each<[string, (repo: string) => Promise<void>, string, RegExp]>([
    ['a default-branch policy before the plan merged that is not valid', async (r) => {
      await writeFile(join(r, '.migration/policy.json'), '{"policy_id": "p"}');
      git(r, 'add', '-A'); git(r, 'commit', '-q', '-S', '-m', 'bad policy');
      git(r, 'commit', '-q', '-S', '--allow-empty', '-m', 'merge'); git(r, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'v1');
    }, 'POLICY_INVALID', /^\.migration\/policy\.json at [0-9a-f]{12}\^1 \(the default branch before the plan merged\) is not a valid policy:/],
    ['no config on the default branch', async (r) => {
      git(r, 'rm', '-q', '.migration/config.yml'); git(r, 'commit', '-q', '-S', '-m', 'no config');
    }, 'FILE_NOT_FOUND', /^\.migration\/config\.yml is not on the default branch \(refs\/heads\/main\)$/],
    ['a default branch config that is not valid', async (r) => {
      await writeFile(join(r, '.migration/config.yml'), 'rolez: {}\n');
      git(r, 'commit', '-q', '-S', '-am', 'bad config');
    }, 'SCHEMA_INVALID', /^\.migration\/config\.yml \(refs\/heads\/main\) is not valid:\n {2}\.migration\/config\.yml:1 \/: missing required property "roles"/],
  ])('stops on %s as bad input (%s), before any check passes', async (_name, change, code, message) => {
    const repo = await copy();
    await change(repo);
    await expect(runPlanGate({ repoDir: repo, version: 1 })).rejects.toMatchObject({ code, kind: 'input', message: expect.stringMatching(message) });
  });

  it('is a system failure outside a git repository', async () => {
    await expect(runPlanGate({ repoDir: work, version: 1 })).rejects.toThrow(/default branch main is not in|git/);
  });
});

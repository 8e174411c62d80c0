// `migration-copilot sign` through the real entry point (bin/), on repositories written to temp dirs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson, sha256Hex } from '../../core/json/canonical.js';
import {
  approvalsRecord, atHead, cli, commitHead, git, makeRepo, newKey, planText, removeRepos, review, writeRecord, type TestKey,
} from './sign-fixtures.js';

const ed = newKey('ed25519', 'plan-key-ed');
const p256 = newKey('ecdsa-p256', 'plan-key-p256');

const pemBody = (k: TestKey) => k.privatePem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
const signedDir = (repo: string) => join(repo, 'plans/signed');
const listSigned = (repo: string) => (existsSync(signedDir(repo)) ? readdirSync(signedDir(repo)).sort() : []);

describe('migration-copilot sign', () => {
  afterAll(removeRepos);

  it.each([ed, p256])('signs with $algorithm, and verify accepts it', async (key) => {
    const r = await makeRepo(key, [ed, p256]);
    const signed = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain(`signed plan demo-orders-plan v1 (plan sha256 ${sha256Hex(planText())}) with key ${key.id}`);
    expect(listSigned(r.repo)).toEqual(['v1.json', 'v1.sigstore.json']);
    const readable = readFileSync(join(signedDir(r.repo), 'v1.json'), 'utf8');
    const plan = JSON.parse(readable);
    expect(readable).toBe(`${canonicalJson(plan)}\n`);
    expect(plan).toMatchObject({
      plan_id: 'demo-orders-plan', version: 1, project_id: 'demo-orders', status: 'APPROVED', plan_sha256: sha256Hex(planText()),
      approvals: [
        { approver: 'alice', role: 'tech_lead', transition: 'PLAN_DRAFTED->PLANNED', scope: `acme/mig#7@${git(r.repo, 'rev-parse', 'HEAD')}`, sha256_of_reviewed: sha256Hex(planText()) },
        { approver: 'dora', role: 'data_owner', transition: 'PLANNED->EXECUTED' },
        { approver: 'sam', role: 'security', transition: 'PLANNED->EXECUTED' },
      ],
    });
    const verified = await cli('verify', '--repo', r.repo);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`ok   signature: signed by key ${key.id} (${key.algorithm})`);
    for (const out of [signed.stdout, signed.stderr, verified.stdout, readable, readFileSync(join(signedDir(r.repo), 'v1.sigstore.json'), 'utf8')]) {
      expect(out).not.toContain(pemBody(key).slice(0, 40));
    }
  });

  it('signs the next version only when the plan carries it, leaving v1 alone', async () => {
    const r = await makeRepo(ed);
    expect((await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile)).code).toBe(0);
    const v1 = readFileSync(join(signedDir(r.repo), 'v1.json'), 'utf8');
    const again = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('plans/migration_plan.json has version 1, but the next signed version is v2: set "version": 2');
    const planFile = join(r.repo, 'plans/migration_plan.json');
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('"version": 1', '"version": 2'));
    await commitHead(r);
    const second = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(listSigned(r.repo)).toEqual(['v1.json', 'v1.sigstore.json', 'v2.json', 'v2.sigstore.json']);
    expect(readFileSync(join(signedDir(r.repo), 'v1.json'), 'utf8')).toBe(v1);
    expect(JSON.parse(readFileSync(join(signedDir(r.repo), 'v2.json'), 'utf8')).version).toBe(2);
    expect((await cli('verify', '--repo', r.repo)).code).toBe(0);
    const old = await cli('verify', '--repo', r.repo, '--version', '1');
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/FAIL plan-sha256/);
  });

  it('counts a stray bundle as a version taken, and never writes over it', async () => {
    const r = await makeRepo(ed);
    mkdirSync(signedDir(r.repo), { recursive: true });
    writeFileSync(join(signedDir(r.repo), 'v1.sigstore.json'), '{}');
    await commitHead(r);
    const run = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plans/migration_plan.json has version 1, but the next signed version is v2: set "version": 2');
    expect(listSigned(r.repo)).toEqual(['v1.sigstore.json']);
    expect(readFileSync(join(signedDir(r.repo), 'v1.sigstore.json'), 'utf8')).toBe('{}');
  });

  it('uses the shipped default policy where the repository has none', async () => {
    const r = await makeRepo(ed, [ed], undefined, { prepare: (origin) => rmSync(join(origin, '.migration/policy.json')) });
    expect((await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile)).code).toBe(0);
    const plan = JSON.parse(readFileSync(join(signedDir(r.repo), 'v1.json'), 'utf8'));
    expect(plan.policy_version).toBe(canonicalDigest(JSON.parse(readFileSync(join(import.meta.dirname, '../../policies/policy.json'), 'utf8'))));
    const verified = await cli('verify', '--repo', r.repo);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('(policy from policies/policy.json (default))');
  });

  it('signs only a clean checkout at the head the approvals were given on, at the root of its repository', async () => {
    const r = await makeRepo(ed);
    const head = git(r.repo, 'rev-parse', 'HEAD');
    const sign = (repo = r.repo) => cli('sign', '--repo', repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    writeFileSync(r.approvalsFile, JSON.stringify(atHead(approvalsRecord(planText()), 'b'.repeat(40))));
    const wrong = await sign();
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`the checkout is at ${head} but the approvals record is for head ${'b'.repeat(40)}`);
    await writeRecord(r, approvalsRecord(planText()));
    writeFileSync(join(r.repo, 'models.sql'), 'select 1');
    const dirty = await sign();
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('the working tree has changes that are not in head');
    expect(dirty.stderr).toContain('models.sql');
    rmSync(join(r.repo, 'models.sql'));
    // The migration repository as a folder of another repository: that repository's HEAD is not the PR's.
    const outer = join(r.dir, 'outer');
    mkdirSync(outer);
    git(outer, 'init', '-q', '-b', 'main');
    execFileSync('cp', ['-r', r.origin, join(outer, 'mig')]);
    rmSync(join(outer, 'mig/.git'), { recursive: true });
    const nested = await cli('sign', '--repo', join(outer, 'mig'), '--base', r.origin, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(nested.code).toBe(1);
    expect(nested.stderr).toContain('is a folder inside the git repository');
    expect(listSigned(r.repo)).toEqual([]);
    const right = await sign();
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
  });

  it('--dry-run prints what it would write and writes nothing', async () => {
    const r = await makeRepo(p256);
    const run = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dry run: would sign plan demo-orders-plan v1 .* with key plan-key-p256$/m);
    expect(run.stdout).toMatch(/^would write plans\/signed\/v1\.json \(sha256 [0-9a-f]{64}\)$/m);
    expect(run.stdout).toMatch(/^would write plans\/signed\/v1\.sigstore\.json \(sha256 [0-9a-f]{64}\)$/m);
    expect(listSigned(r.repo)).toEqual([]);
  });

  const plan = planText();
  const stranger = newKey('ed25519', 'stranger');
  it.each<[string, () => Promise<Awaited<ReturnType<typeof makeRepo>>>, RegExp[]]>([
    ['a missing approval', () => makeRepo(ed, [ed], approvalsRecord(plan, [review(1, 'alice'), review(2, 'dora')])),
      [/error\[APPROVALS_MISSING\]/, /security/]],
    ['a stale approval (review on an older head)', () => makeRepo(ed, [ed], approvalsRecord(plan, [review(1, 'alice'), review(2, 'dora'), review(3, 'sam', 'b'.repeat(40))])),
      [/error\[APPROVALS_MISSING\]/, /sam/]],
    ['two missing roles, each named', () => makeRepo(ed, [ed], approvalsRecord(plan, [review(1, 'alice')])),
      [/data_owner/, /security/]],
    ['a record for another version of the plan', () => makeRepo(ed, [ed], approvalsRecord(plan.replace('demo-orders-plan', 'demo-orders-plan-2'))),
      [/the approvals record is for plan sha256 [0-9a-f]{64}, but plans\/migration_plan.json is/]],
    ['a key not in the trust policy', () => makeRepo(stranger, [ed]),
      [/error\[PLAN_SIGNATURE_INVALID\]/, /is not in signers.keys of the base branch's .migration\/config.yml/]],
  ])('refuses %s, exit 1, writing nothing', async (_name, repo, reasons) => {
    const r = await repo();
    const run = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(run.code).toBe(1);
    for (const reason of reasons) expect(run.stderr).toMatch(reason);
    expect(listSigned(r.repo)).toEqual([]);
    expect(run.stderr).not.toContain(pemBody(ed).slice(0, 40));
    expect(run.stderr).not.toContain('    at ');
  });

  it.each<[string, (repo: string) => void, RegExp[]]>([
    ['a failing validator', (repo) => {
      const file = join(repo, 'plans/migration_plan.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"algorithm": "md5"', '"algorithm": "sha256"'));
    }, [/validator hashing@[\d.]+ failed: plans\/migration_plan.json:\d+ algorithm "sha256" is not the digest/]],
    ['a validator that cannot judge (no schema mapping)', (repo) => { rmSync(join(repo, 'contracts/schema_mapping.yml')); },
      [/validator type-coercion@[\d.]+ could not judge: contracts\/schema_mapping.yml is absent/]],
  ])('refuses %s with VALIDATION_FAILED, exit 1, writing nothing', async (_name, change, reasons) => {
    const r = await makeRepo(ed);
    change(r.repo);
    await commitHead(r);
    const run = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[VALIDATION_FAILED\]: the plan cannot be signed:/);
    for (const reason of reasons) expect(run.stderr).toMatch(reason);
    expect(listSigned(r.repo)).toEqual([]);
  });

  it.each<[string, (r: Awaited<ReturnType<typeof makeRepo>>) => string[], RegExp]>([
    ['no --key', (r) => ['--repo', r.repo, '--approvals', r.approvalsFile], /--key is required/],
    ['a key file that does not exist', (r) => ['--repo', r.repo, '--key', `${r.keyFile}.nope`, '--approvals', r.approvalsFile], /key file .*nope not found/],
    ['a key file that is not a key', (r) => ['--repo', r.repo, '--key', r.approvalsFile, '--approvals', r.approvalsFile], /is not an unencrypted PEM private key/],
    ['an approvals record that is not one', (r) => ['--repo', r.repo, '--key', r.keyFile, '--approvals', join(r.repo, 'plans/migration_plan.json')], /is not a valid approvals record/],
    ['a repository without a plan', (r) => ['--repo', r.dir, '--key', r.keyFile, '--approvals', r.approvalsFile], /plans\/migration_plan.json not found/],
  ])('exits 2 for %s', async (_name, argv, reason) => {
    const r = await makeRepo(ed);
    const run = await cli('sign', ...argv(r));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toContain(pemBody(ed).slice(0, 40));
    expect(listSigned(r.repo)).toEqual([]);
  });
});

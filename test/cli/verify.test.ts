// `migration-copilot verify` through the real entry point: one signed repository, then a copy of it
// tampered one way per case. Each must be refused naming the check that caught it.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/json/canonical.js';
import { createKeySigner, createSignedPlanBundle, signedPlanReadableCopy, type SignedPlan } from '../../core/signing/index.js';
import { cli, config, copyRepo, makeRepo, newKey, removeRepos, type TestRepo } from './sign-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const key = newKey('ed25519', 'plan-key');
let signed: TestRepo;

const file = (r: TestRepo, rel: string) => join(r.repo, rel);
async function edit(r: TestRepo, rel: string, change: (text: string) => string): Promise<void> {
  await writeFile(file(r, rel), change(await readFile(file(r, rel), 'utf8')));
}
async function editJson(r: TestRepo, rel: string, change: (v: Json) => void): Promise<void> {
  await edit(r, rel, (t) => { const v = JSON.parse(t); change(v); return JSON.stringify(v, null, 2); });
}
/** Re-signs a SignedPlan with the trusted key: a genuine signature over a plan `sign` would have refused. */
async function resign(r: TestRepo, change: (p: Json) => void): Promise<void> {
  const plan = JSON.parse(await readFile(file(r, 'plans/signed/v1.json'), 'utf8'));
  change(plan);
  const bundle = await createSignedPlanBundle(plan as SignedPlan, { signer: createKeySigner(key.privatePem) });
  await writeFile(file(r, 'plans/signed/v1.sigstore.json'), JSON.stringify(bundle));
  await writeFile(file(r, 'plans/signed/v1.json'), signedPlanReadableCopy(plan as SignedPlan));
}

beforeAll(async () => {
  signed = await makeRepo(key);
  const run = await cli('sign', '--repo', signed.repo, '--key', signed.keyFile, '--approvals', signed.approvalsFile);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(removeRepos);

describe('migration-copilot verify', () => {
  it('passes the signed plan, printing each check', async () => {
    const run = await cli('verify', '--repo', signed.repo);
    expect(run.code).toBe(0);
    for (const id of ['trust-policy', 'signature', 'readable-copy', 'schema', 'version', 'status', 'policy-version', 'plan-sha256', 'inputs', 'validators', 'approvals']) {
      expect(run.stdout).toMatch(new RegExp(`^  ok   ${id}: `, 'm'));
    }
    expect(run.stdout).toMatch(/^verified: v1 may run$/m);
  });

  const other = newKey('ed25519', 'other-key');
  it.each<[string, (r: TestRepo) => Promise<void>, string, RegExp]>([
    ['one byte changed in the plan', (r) => edit(r, 'plans/migration_plan.json', (t) => t.replace('"rate": 0.1', '"rate": 0.2')),
      'plan-sha256', /signed plan_sha256 [0-9a-f]{64}, plans\/migration_plan.json is/],
    ['the policy edited after signing', (r) => editJson(r, '.migration/policy.json', (p) => { p.retry.max_attempts = 4; }),
      'policy-version', /edited after signing/],
    ['the approvals inside the readable copy', (r) => edit(r, 'plans/signed/v1.json', (t) => t.replace('"approver":"sam"', '"approver":"sal"')),
      'readable-copy', /differs from the signed payload/],
    ['the approvals inside the signed payload', (r) => editJson(r, 'plans/signed/v1.sigstore.json', (b) => {
      const payload = Buffer.from(b.dsseEnvelope.payload, 'base64').toString().replace('"approver":"sam"', '"approver":"sal"');
      b.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
    }), 'signature', /signature does not match the payload bytes/],
    ['one byte of the readable copy', (r) => edit(r, 'plans/signed/v1.json', (t) => t.replace(/"created_at":"(\d)/, (_m, d: string) => `"created_at":"${(Number(d) + 1) % 10}`)),
      'readable-copy', /differs from the signed payload/],
    ["one bit of the bundle's signature", (r) => editJson(r, 'plans/signed/v1.sigstore.json', (b) => {
      const sig = Buffer.from(b.dsseEnvelope.signatures[0].sig, 'base64'); sig[5]! ^= 0x01;
      b.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    }), 'signature', /signature does not match the payload bytes/],
    ['the payload type', (r) => editJson(r, 'plans/signed/v1.sigstore.json', (b) => { b.dsseEnvelope.payloadType = 'application/json'; }),
      'signature', /wrong payload type "application\/json"/],
    ['a key not in the trust policy', (r) => writeFile(file(r, '.migration/config.yml'), stringify(config([other]))),
      'signature', /key the trust policy does not name .*trusted keys: other-key/],
    ['a missing approval (signed anyway)', (r) => resign(r, (p) => { p.approvals = p.approvals.filter((a: Json) => a.role !== 'security'); }),
      'approvals', /missing approval: role security for PLANNED->EXECUTED/],
    ['a stale approval (signed anyway)', (r) => resign(r, (p) => { p.approvals[2].sha256_of_reviewed = sha256Hex('an older plan'); }),
      'approvals', /stale approval: sam \(security, PLANNED->EXECUTED\)/],
    ['a malformed bundle', (r) => editJson(r, 'plans/signed/v1.sigstore.json', (b) => { delete b.dsseEnvelope.signatures; }),
      'signature', /malformed bundle/],
  ])('refuses %s (exit 1)', async (_name, tamper, check, reason) => {
    const r = await copyRepo(signed);
    await tamper(r);
    const run = await cli('verify', '--repo', r.repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^  FAIL ${check}: `, 'm'));
    expect(run.stdout).toMatch(reason);
    expect(run.stderr).toMatch(new RegExp(`^error\\[PLAN_REFUSED\\]: v1 refused: .*${check}[,( ]`));
    expect(run.stdout).not.toMatch(/may run/);
  });

  it.each<[string, (r: TestRepo) => Promise<void>, string[], RegExp]>([
    ['a bundle that is not JSON', (r) => edit(r, 'plans/signed/v1.sigstore.json', (t) => t.slice(0, 20)), [], /v1.sigstore.json:\d+: invalid JSON/],
    ['a missing readable copy', (r) => rm(file(r, 'plans/signed/v1.json')), [], /plans\/signed\/v1.json not found/],
    ['a missing bundle', (r) => rm(file(r, 'plans/signed/v1.sigstore.json')), [], /plans\/signed\/v1.sigstore.json not found in /],
    ['a stray bundle of a later version (the latest, by default)', (r) => writeFile(file(r, 'plans/signed/v2.sigstore.json'), '{}'), [], /plans\/signed\/v2.json not found in /],
    ['no signed plan at all', (r) => rm(file(r, 'plans/signed'), { recursive: true }), [], /no signed plan in .*\/plans\/signed\n.*migration-copilot sign/],
    ['a version that does not exist', async () => {}, ['--version', '9'], /plans\/signed\/v9.json not found/],
    ['a version that is not a number', async () => {}, ['--version', 'latest'], /--version must be a positive integer/],
    ['a malformed config', (r) => edit(r, '.migration/config.yml', (t) => t.replace('roles:', 'rolez:')), [], /config.yml:1 .*rolez/],
  ])('exits 2 for %s', async (_name, tamper, extra, reason) => {
    const r = await copyRepo(signed);
    await tamper(r);
    const run = await cli('verify', '--repo', r.repo, ...extra);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
  });

  it('checks the readable copy canonically: reformatting it is not tampering', async () => {
    const r = await copyRepo(signed);
    await edit(r, 'plans/signed/v1.json', (t) => JSON.stringify(JSON.parse(t), null, 4));
    expect((await cli('verify', '--repo', r.repo)).code).toBe(0);
  });
});

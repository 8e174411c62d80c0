// `verify --trusted-root` on a plan signed keylessly (fake Fulcio and Rekor in this process), through the
// real entry point.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSignedPlanKeyless } from '../../app/signing/keyless.js';
import type { SignedPlan } from '../../core/signing/index.js';
import { fakeSigstore, IDENTITY, ISSUER } from '../core/signing/fake-sigstore.js';
import { cli, config, makeRepo, newKey, removeRepos, type TestRepo } from './sign-fixtures.js';

let r: TestRepo;
let rootFile: string;

beforeAll(async () => {
  const key = newKey('ed25519', 'plan-key');
  r = await makeRepo(key);
  const signed = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
  expect(signed.code, signed.stderr).toBe(0);
  // The same SignedPlan, signed again keylessly; the config trusts only that workflow identity.
  const plan = JSON.parse(await readFile(join(r.repo, 'plans/signed/v1.json'), 'utf8')) as SignedPlan;
  const fake = await fakeSigstore();
  fake.serveOnce();
  const bundle = await signSignedPlanKeyless(plan, fake.options({ iss: ISSUER, sub: IDENTITY }));
  nock.cleanAll();
  await writeFile(join(r.repo, 'plans/signed/v1.sigstore.json'), JSON.stringify(bundle, null, 2));
  const cfg = config([]);
  await writeFile(join(r.repo, '.migration/config.yml'), stringify({ ...cfg, signers: { ...cfg.signers, keyless: [{ issuer: ISSUER, identity: IDENTITY }] } }));
  rootFile = join(r.dir, 'trusted_root.json');
  await writeFile(rootFile, JSON.stringify(fake.trustedRoot));
});
afterAll(removeRepos);

describe('migration-copilot verify, keyless', () => {
  it('verifies against the given trusted root and names the workflow identity', async () => {
    const run = await cli('verify', '--repo', r.repo, '--trusted-root', rootFile);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ok   signature: signed by ${IDENTITY} (issuer ${ISSUER})`);
  });

  it('refuses without a trusted root to check the certificate against (exit 1)', async () => {
    const run = await cli('verify', '--repo', r.repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL signature: .*no Sigstore trusted root was given/);
  });

  it.each([
    ['a trusted root that is not JSON', '{', /bad_root.json:1: invalid JSON/],
    ['a trusted root that is not one', '{"tlogs": 7}', /bad_root\.json is not a Sigstore trusted root: mediaType is not a Sigstore trusted root/],
    ['a trusted root without a CA', '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": [{}]}',
      /bad_root\.json is not a Sigstore trusted root: certificateAuthorities must be a non-empty list/],
  ])('exits 2 for %s', async (_name, text, reason) => {
    const bad = join(r.dir, 'bad_root.json');
    await writeFile(bad, text);
    const run = await cli('verify', '--repo', r.repo, '--trusted-root', bad);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(reason);
  });
});

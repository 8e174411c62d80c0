// Keyless signing (app/signing/keyless.ts) against fake Fulcio and Rekor from @sigstore/mock served through
// nock, and verification of the bundle (core) with the fake services' trust root.
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { githubActionsTokenProvider, signSignedPlanKeyless } from '../../../app/signing/keyless.js';
import { CopilotError } from '../../../core/errors.js';
import { signedPlanPayload, trustPolicyFromConfig, verifySignedPlanBundle } from '../../../core/signing/index.js';
import { b64url, fakeSigstore, FULCIO, IDENTITY, ISSUER, serve, token, type FakeSigstore } from './fake-sigstore.js';
import { goodSignedPlan } from './fixtures.js';

let fake: FakeSigstore;
let trustedRoot: unknown;

beforeAll(async () => {
  fake = await fakeSigstore();
  trustedRoot = fake.trustedRoot;
});

afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});

const options = (claims: Record<string, unknown>) => fake.options(claims);
const keylessConfig = (identity = IDENTITY, issuer = ISSUER) => ({ signers: { keyless: [{ issuer, identity }] } });

async function signOnce(claims: Record<string, unknown> = { iss: ISSUER, sub: IDENTITY }) {
  fake.serveOnce();
  return JSON.parse(JSON.stringify(await signSignedPlanKeyless(goodSignedPlan(), options(claims))));
}

describe('keyless signing against fake Fulcio and Rekor', () => {
  it('signs with a Fulcio certificate and a Rekor entry, and the bundle verifies', async () => {
    const bundle = await signOnce();
    expect(bundle.verificationMaterial.certificate ?? bundle.verificationMaterial.x509CertificateChain).toBeDefined();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
    const verified = verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(), trustedRoot));
    expect(verified.signer).toEqual({ kind: 'keyless', issuer: ISSUER, identity: IDENTITY });
    expect(verified.payload.equals(signedPlanPayload(goodSignedPlan()))).toBe(true);
  });

  it.each<[string, unknown, boolean, RegExp]>([
    ['another workflow identity', keylessConfig(`${IDENTITY}x`), true, /signed by https:\/\/github.com\/acme\/mig\/.*main \(issuer https:\/\/token.actions.githubusercontent.com\), which the trust policy does not name/],
    ['an identity given as a pattern', keylessConfig('.*'), true, /which the trust policy does not name/],
    ['another issuer', keylessConfig(IDENTITY, 'https://accounts.google.com'), true, /which the trust policy does not name/],
    ['no keyless signer in the trust policy', { signers: { keys: [] } }, true, /names no keyless signer/],
    ['no trusted root to check against', keylessConfig(), false, /no Sigstore trusted root/],
  ])('verification refuses %s', async (_name, config, withRoot, reason) => {
    const bundle = await signOnce();
    let error: unknown;
    try { verifySignedPlanBundle(bundle, trustPolicyFromConfig(config, withRoot ? trustedRoot : undefined)); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CopilotError);
    expect((error as CopilotError).code).toBe('PLAN_SIGNATURE_INVALID');
    expect((error as CopilotError).message).toMatch(reason);
  });

  it('matches the identity exactly: a trust entry ending @refs/heads/main refuses a certificate for @refs/heads/main-evil', async () => {
    expect(IDENTITY).toMatch(/@refs\/heads\/main$/);
    const evil = `${IDENTITY}-evil`;
    const bundle = await signOnce({ iss: ISSUER, sub: evil });
    let error: unknown;
    try { verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(IDENTITY), trustedRoot)); } catch (e) { error = e; }
    expect((error as CopilotError).code).toBe('PLAN_SIGNATURE_INVALID');
    expect((error as CopilotError).message).toContain(`signed by ${evil} (issuer ${ISSUER}), which the trust policy does not name`);
    expect(verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(evil), trustedRoot)).signer).toMatchObject({ identity: evil });
  });

  it('takes the token from the CI environment', async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', '');
    vi.stubEnv('SIGSTORE_ID_TOKEN', token({ iss: ISSUER, sub: IDENTITY }));
    fake.serveOnce();
    const bundle = await signSignedPlanKeyless(goodSignedPlan(), { ...options({}), tokenProvider: githubActionsTokenProvider() });
    expect(verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(), trustedRoot)).signer).toMatchObject({ identity: IDENTITY });
  });

  it('refuses a keyless bundle whose payload was changed after signing', async () => {
    const bundle = await signOnce();
    bundle.dsseEnvelope.payload = Buffer.from(signedPlanPayload({ ...goodSignedPlan(), version: 2 })).toString('base64');
    expect(() => verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(), trustedRoot))).toThrow(/signature refused: (TLOG_BODY_ERROR|the signature does not match)/);
  });

  it('refuses a keyless bundle whose Rekor entry was removed', async () => {
    const bundle = await signOnce();
    bundle.verificationMaterial.tlogEntries = [];
    expect(() => verifySignedPlanBundle(bundle, trustPolicyFromConfig(keylessConfig(), trustedRoot))).toThrow(/TIMESTAMP_ERROR|TLOG_ERROR/);
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a token without a subject', async () => {
      serve(FULCIO, fake.fulcio);
      return signSignedPlanKeyless(goodSignedPlan(), options({ iss: ISSUER }));
    }, /the OIDC identity token is not a JWT with a subject \(IDENTITY_TOKEN_PARSE_ERROR\)/],
    ['Fulcio refusing', async () => {
      nock(FULCIO).post(fake.fulcio.path).reply(500, 'down');
      return signSignedPlanKeyless(goodSignedPlan(), options({ iss: ISSUER, sub: IDENTITY }));
    }, /Fulcio did not issue a signing certificate/],
    ['no CI token in the environment', async () => {
      vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', '');
      vi.stubEnv('SIGSTORE_ID_TOKEN', '');
      return signSignedPlanKeyless(goodSignedPlan(), { ...options({}), tokenProvider: githubActionsTokenProvider() });
    }, /the OIDC identity token could not be obtained/],
    ['no token at all', async () => signSignedPlanKeyless(goodSignedPlan(), {
      ...options({}), tokenProvider: { getToken: async () => { throw new Error('no ACTIONS_ID_TOKEN_REQUEST_URL'); } },
    }), /the OIDC identity token could not be obtained/],
  ])('signing fails as a system failure on %s, never quoting the token', async (_name, sign, reason) => {
    let error: unknown;
    try { await sign(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CopilotError);
    expect((error as CopilotError).code).toBe('SIGNING_FAILED');
    expect((error as CopilotError).exitCode).toBe(3);
    expect((error as CopilotError).message).toMatch(reason);
    expect((error as CopilotError).message).not.toContain(b64url({ alg: 'none' }));
  });
});

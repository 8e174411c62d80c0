// Keyless signing (app/signing/keyless.ts) against fake Fulcio and Rekor from @sigstore/mock served through
// nock, and verification of the bundle (core) with the fake services' trust root.
import { createHash, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler, type HandlerFn } from '@sigstore/mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signSignedPlanKeyless } from '../../../app/signing/keyless.js';
import { CopilotError } from '../../../core/errors.js';
import { signedPlanPayload, trustPolicyFromConfig, verifySignedPlanBundle } from '../../../core/signing/index.js';
import { goodSignedPlan } from './fixtures.js';

const FULCIO = 'https://fulcio.test';
const REKOR = 'https://rekor.test';
const ISSUER = 'https://token.actions.githubusercontent.com';
const IDENTITY = 'https://github.com/acme/mig/.github/workflows/sign.yml@refs/heads/main';

const b64 = (b: ArrayBufferView | Buffer) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** An unsigned JWT: the fake Fulcio reads the claims without checking a signature. */
const token = (claims: Record<string, unknown>) => `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;

let trustedRoot: unknown;
let handlers: { fulcio: { path: string; fn: HandlerFn }; rekor: { path: string; fn: HandlerFn } };

/**
 * Real Rekor stores a dsse 0.0.1 entry in canonical form (signatures, payload and envelope hashes), not as
 * proposed; the fake stores the proposal verbatim. This does Rekor's part before handing it over.
 */
function asRekorStores(proposed: string): string {
  const entry = JSON.parse(proposed);
  if (entry.kind !== 'dsse') return proposed;
  const { envelope, verifiers } = entry.spec.proposedContent;
  const env = JSON.parse(envelope);
  const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  return JSON.stringify({
    apiVersion: '0.0.1', kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(env.payload, 'base64')) },
      signatures: env.signatures.map((x: { sig: string }) => ({ signature: x.sig, verifier: verifiers[0] })),
    },
  });
}

function serve(base: string, handler: { path: string; fn: HandlerFn }) {
  nock(base).post(handler.path).reply(async (_uri, body) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const r = await handler.fn(base === REKOR ? asRekorStores(text) : text);
    return [r.statusCode, r.response, { 'Content-Type': r.contentType ?? 'text/plain' }];
  });
}

beforeAll(async () => {
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await initializeCTLog(keyPair);
  const ca = await initializeCA(keyPair, ctlog);
  const tlog = await initializeTLog(REKOR, keyPair);
  handlers = { fulcio: fulcioHandler(ca), rekor: rekorHandler(tlog) };
  const start = new Date(Date.now() - 60_000).toISOString();
  const p256 = (raw: Buffer) => ({ rawBytes: b64(raw), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } });
  trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: REKOR, hashAlgorithm: 'SHA2_256', publicKey: p256(tlog.publicKey), logId: { keyId: b64(createHash('sha256').update(tlog.publicKey).digest()) } }],
    certificateAuthorities: [{ subject: { organization: 'mock', commonName: 'mock' }, uri: FULCIO, certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] }, validFor: { start } }],
    ctlogs: [{ baseUrl: 'https://ctfe.test', hashAlgorithm: 'SHA2_256', publicKey: p256(ctlog.publicKey), logId: { keyId: b64(ctlog.logID) } }],
    timestampAuthorities: [],
  };
});

afterEach(() => {
  nock.cleanAll();
});

const options = (claims: Record<string, unknown>) => ({
  tokenProvider: { getToken: async () => token(claims) }, fulcioURL: FULCIO, rekorURL: REKOR, retry: 0, timeout: 5000,
});
const keylessConfig = (identity = IDENTITY, issuer = ISSUER) => ({ signers: { keyless: [{ issuer, identity }] } });

async function signOnce(claims: Record<string, unknown> = { iss: ISSUER, sub: IDENTITY }) {
  serve(FULCIO, handlers.fulcio);
  serve(REKOR, handlers.rekor);
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
      serve(FULCIO, handlers.fulcio);
      return signSignedPlanKeyless(goodSignedPlan(), options({ iss: ISSUER }));
    }, /the OIDC identity token is not a JWT with a subject \(IDENTITY_TOKEN_PARSE_ERROR\)/],
    ['Fulcio refusing', async () => {
      nock(FULCIO).post(handlers.fulcio.path).reply(500, 'down');
      return signSignedPlanKeyless(goodSignedPlan(), options({ iss: ISSUER, sub: IDENTITY }));
    }, /Fulcio did not issue a signing certificate/],
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

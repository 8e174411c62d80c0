import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { CopilotError } from '../../../core/errors.js';
import { canonicalJson } from '../../../core/json/canonical.js';
import {
  createKeySigner, createSignedPlanBundle, signedPlanPayload, trustPolicyFromConfig, verifySignedPlanBundle,
  SIGNED_PLAN_PAYLOAD_TYPE,
} from '../../../core/signing/index.js';
import { configFor, goodSignedPlan, newKey } from './fixtures.js';

/** A PEM armour around base64 text that is not a key (built here so no key-shaped literal sits in the tree). */
const pemOf = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ed = newKey('ed25519', 'plan-key-ed');
const p256 = newKey('ecdsa-p256', 'plan-key-p256');
const trust = trustPolicyFromConfig(configFor([ed, p256]));

async function signedBundle(key = ed): Promise<Json> {
  return JSON.parse(JSON.stringify(await createSignedPlanBundle(goodSignedPlan(), { signer: createKeySigner(key.privatePem) })));
}

function refusal(f: () => unknown): CopilotError {
  try { f(); } catch (e) { if (e instanceof CopilotError) return e; throw e; }
  throw new Error('expected a refusal');
}

describe('key signing and verification', () => {
  it.each([ed, p256])('$algorithm signs a bundle that verifies and returns the payload', async (key) => {
    const bundle = await signedBundle(key);
    expect(bundle.dsseEnvelope.payloadType).toBe(SIGNED_PLAN_PAYLOAD_TYPE);
    expect(bundle.verificationMaterial.publicKey.hint).toMatch(/^[0-9a-f]{64}$/);
    const verified = verifySignedPlanBundle(bundle, trust);
    expect(verified.payload.equals(signedPlanPayload(goodSignedPlan()))).toBe(true);
    expect(verified.value).toEqual(goodSignedPlan());
    expect(verified.signer).toMatchObject({ kind: 'key', id: key.id, algorithm: key.algorithm });
    expect(verifySignedPlanBundle(JSON.stringify(bundle), trust).signer).toEqual(verified.signer);
  });

  it('signs the RFC 8785 canonical JSON of the SignedPlan, nothing else', async () => {
    const payload = Buffer.from((await signedBundle()).dsseEnvelope.payload, 'base64').toString('utf8');
    const plan = goodSignedPlan();
    expect(payload).toBe(canonicalJson(plan));
    // Keys sorted by code unit, no whitespace: what any RFC 8785 implementation produces for this value.
    expect(payload.startsWith('{"approvals":[{"approver":"alice","role":"tech_lead","scope":')).toBe(true);
    expect(payload).not.toMatch(/\s/);
    expect(payload).not.toBe(JSON.stringify(plan));
  });

  const otherPayload = Buffer.from(signedPlanPayload({ ...goodSignedPlan(), plan_sha256: '0'.repeat(64) })).toString('base64');
  it.each<[string, (b: Json) => void, RegExp]>([
    ['a signature over other bytes', (b) => { b.dsseEnvelope.payload = otherPayload; }, /signature does not match the payload bytes/],
    ['a changed signature', (b) => {
      const sig = Buffer.from(b.dsseEnvelope.signatures[0].sig, 'base64'); sig[sig.length - 1]! ^= 1;
      b.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    }, /signature does not match/],
    ['a wrong payload type', (b) => { b.dsseEnvelope.payloadType = 'application/vnd.in-toto+json'; }, /wrong payload type "application\/vnd.in-toto\+json"/],
    ['a key not in the trust policy', (b) => { b.verificationMaterial.publicKey.hint = 'ab'.repeat(32); }, /key the trust policy does not name \(key id abab/],
    ['no signature', (b) => { b.dsseEnvelope.signatures = []; }, /malformed bundle: .*content.dsseEnvelope.signatures/],
    ['no media type', (b) => { delete b.mediaType; }, /malformed bundle: .*mediaType/],
    ['a certificate and no keyless trust', (b) => {
      delete b.verificationMaterial.publicKey; b.verificationMaterial.certificate = { rawBytes: 'AAAA' };
    }, /names no keyless signer/],
  ])('refuses %s', async (_name, tamper, reason) => {
    const bundle = await signedBundle();
    tamper(bundle);
    const e = refusal(() => verifySignedPlanBundle(bundle, trust));
    expect(e.code).toBe('PLAN_SIGNATURE_INVALID');
    expect(e.message).toMatch(reason);
  });

  it('refuses a bundle signed by a key the config does not trust', async () => {
    const stranger = newKey('ed25519', 'stranger');
    const bundle = await signedBundle(stranger);
    expect(refusal(() => verifySignedPlanBundle(bundle, trust)).message).toMatch(/trusted keys: plan-key-ed, plan-key-p256/);
  });

  it('refuses a bundle that is not JSON', () => {
    expect(refusal(() => verifySignedPlanBundle('{"mediaType":', trust)).message).toMatch(/malformed bundle: not JSON/);
  });

  it.each([
    ['an RSA key', () => createKeySigner(require_rsa()), /rsa key; only Ed25519 and P-256/],
    ['not a key', () => createKeySigner(pemOf('PRIVATE KEY', 'c2VjcmV0'), 'key.pem'), /key.pem is not an unencrypted PEM private key/],
  ])('the key signer refuses %s without echoing it', (_name, make, reason) => {
    const e = refusal(make);
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(reason);
    expect(e.message).not.toContain('c2VjcmV0');
  });

  it.each<[string, unknown, RegExp]>([
    ['keys not a list', { signers: { keys: 'x' } }, /\/signers\/keys: must be a list/],
    ['a bad algorithm', { signers: { keys: [{ id: 'k', algorithm: 'rsa', public_key: ed.publicPem }] } }, /\/signers\/keys\/0\/algorithm/],
    ['the wrong algorithm', { signers: { keys: [{ id: 'k', algorithm: 'ecdsa-p256', public_key: ed.publicPem }] } }, /says ecdsa-p256 but the key is ed25519/],
    ['a private key as trust', { signers: { keys: [{ id: 'k', algorithm: 'ed25519', public_key: ed.privatePem }] } }, /must be a public key/],
    ['keyless without identity', { signers: { keyless: [{ issuer: 'https://x' }] } }, /\/signers\/keyless\/0\/identity/],
  ])('the trust policy refuses %s, naming the pointer', (_name, config, reason) => {
    const e = refusal(() => trustPolicyFromConfig(config));
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(reason);
    expect(e.message).not.toContain('PRIVATE KEY');
  });
});


function require_rsa(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// Fake Fulcio and Rekor (@sigstore/mock handlers served through nock) and the trusted root that matches
// them, for keyless signing tests. Call serveOnce() before each signing; nock.cleanAll() after.
import { createHash, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler, type HandlerFn } from '@sigstore/mock';
import type { KeylessOptions } from '../../../app/signing/keyless.js';

export const FULCIO = 'https://fulcio.test';
export const REKOR = 'https://rekor.test';
export const ISSUER = 'https://token.actions.githubusercontent.com';
export const IDENTITY = 'https://github.com/acme/mig/.github/workflows/sign.yml@refs/heads/main';

type Handler = { path: string; fn: HandlerFn };

const b64 = (b: ArrayBufferView | Buffer) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** An unsigned JWT: the fake Fulcio reads the claims without checking a signature. */
export const token = (claims: Record<string, unknown>) => `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;

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

export function serve(base: string, handler: Handler): void {
  nock(base).post(handler.path).reply(async (_uri, body) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const r = await handler.fn(base === REKOR ? asRekorStores(text) : text);
    return [r.statusCode, r.response, { 'Content-Type': r.contentType ?? 'text/plain' }];
  });
}

export interface FakeSigstore {
  readonly fulcio: Handler;
  readonly rekor: Handler;
  /** The Sigstore TrustedRoot (JSON) of the fake services. */
  readonly trustedRoot: unknown;
  /** Answers one Fulcio and one Rekor request. */
  serveOnce(): void;
  options(claims: Record<string, unknown>): KeylessOptions;
}

export async function fakeSigstore(): Promise<FakeSigstore> {
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await initializeCTLog(keyPair);
  const ca = await initializeCA(keyPair, ctlog);
  const tlog = await initializeTLog(REKOR, keyPair);
  const start = new Date(Date.now() - 60_000).toISOString();
  const p256 = (raw: Buffer) => ({ rawBytes: b64(raw), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } });
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  return {
    fulcio, rekor,
    trustedRoot: {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [{ baseUrl: REKOR, hashAlgorithm: 'SHA2_256', publicKey: p256(tlog.publicKey), logId: { keyId: b64(createHash('sha256').update(tlog.publicKey).digest()) } }],
      certificateAuthorities: [{ subject: { organization: 'mock', commonName: 'mock' }, uri: FULCIO, certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] }, validFor: { start } }],
      ctlogs: [{ baseUrl: 'https://ctfe.test', hashAlgorithm: 'SHA2_256', publicKey: p256(ctlog.publicKey), logId: { keyId: b64(ctlog.logID) } }],
      timestampAuthorities: [],
    },
    serveOnce() {
      serve(FULCIO, fulcio);
      serve(REKOR, rekor);
    },
    options: (claims) => ({ tokenProvider: { getToken: async () => token(claims) }, fulcioURL: FULCIO, rekorURL: REKOR, retry: 0, timeout: 5000 }),
  };
}

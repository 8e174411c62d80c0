// The trust policy for SignedPlan bundles, from `signers` of .migration/config.yml on the default branch:
// public keys for the key signer, Fulcio issuer + identity pairs for the keyless signer. Keyless
// verification also needs a Sigstore trusted root (Fulcio CA, Rekor and CT log keys), passed in as JSON.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CopilotError } from '../errors.js';
import { keyAlgorithm, publicKeyId, type KeyAlgorithm } from './key-signer.js';

export interface TrustedKey {
  readonly id: string;
  readonly algorithm: KeyAlgorithm;
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

export interface TrustedIdentity {
  readonly issuer: string;
  readonly identity: string;
}

export interface TrustPolicy {
  readonly keys: readonly TrustedKey[];
  readonly keyless: readonly TrustedIdentity[];
  /** A Sigstore TrustedRoot (JSON form); needed only to verify keyless bundles. */
  readonly trustedRoot?: unknown;
}

const WHERE = '.migration/config.yml';

function bad(pointer: string, message: string): CopilotError {
  return new CopilotError('INPUT_INVALID', `${WHERE} ${pointer}: ${message}`, {
    hint: 'fix signers in .migration/config.yml on the default branch',
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listAt(signers: Record<string, unknown>, name: string): unknown[] {
  const v = signers[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`/signers/${name}`, 'must be a list');
  return v;
}

function trustedKey(entry: unknown, i: number): TrustedKey {
  const at = `/signers/keys/${i}`;
  if (!isRecord(entry)) throw bad(at, 'must be a mapping with id, algorithm and public_key');
  const { id, algorithm, public_key: pem } = entry;
  if (typeof id !== 'string' || id === '') throw bad(`${at}/id`, 'must be a non-empty string');
  if (algorithm !== 'ed25519' && algorithm !== 'ecdsa-p256') throw bad(`${at}/algorithm`, 'must be ed25519 or ecdsa-p256');
  if (typeof pem !== 'string') throw bad(`${at}/public_key`, 'must be a PEM public key');
  // createPublicKey would quietly derive a public key from a private one; a private key here is a leak.
  if (pem.includes('PRIVATE KEY')) throw bad(`${at}/public_key`, `key ${id} must be a public key, not a private one: remove it and rotate it`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw bad(`${at}/public_key`, `key ${id} is not a PEM public key`);
  }
  const actual = keyAlgorithm(publicKey);
  if (actual !== algorithm) throw bad(`${at}/algorithm`, `key ${id} says ${algorithm} but the key is ${actual ?? 'neither ed25519 nor ecdsa-p256'}`);
  return { id, algorithm, keyId: publicKeyId(publicKey), publicKey };
}

function trustedIdentity(entry: unknown, i: number): TrustedIdentity {
  const at = `/signers/keyless/${i}`;
  if (!isRecord(entry)) throw bad(at, 'must be a mapping with issuer and identity');
  const { issuer, identity } = entry;
  if (typeof issuer !== 'string' || issuer === '') throw bad(`${at}/issuer`, 'must be a non-empty string');
  if (typeof identity !== 'string' || identity === '') throw bad(`${at}/identity`, 'must be a non-empty string');
  return { issuer, identity };
}

/** The trust policy of a parsed config; refuses a malformed `signers` naming the JSON pointer. */
export function trustPolicyFromConfig(config: unknown, trustedRoot?: unknown): TrustPolicy {
  const signers = isRecord(config) ? config.signers : undefined;
  if (signers === undefined) return { keys: [], keyless: [], trustedRoot };
  if (!isRecord(signers)) throw bad('/signers', 'must be a mapping');
  return {
    keys: listAt(signers, 'keys').map(trustedKey),
    keyless: listAt(signers, 'keyless').map(trustedIdentity),
    trustedRoot,
  };
}

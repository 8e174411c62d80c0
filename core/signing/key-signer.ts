// The key signer: an Ed25519 or P-256 private key (PEM, passed in; core reads no files) behind
// @sigstore/sign's Signer interface. The bundle names the key by a hint, the sha256 of its public key
// (SPKI DER), so a verifier finds it among the trusted keys without trusting anything the bundle says.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Signer, Signature } from '@sigstore/sign';
import { CopilotError } from '../errors.js';

export type KeyAlgorithm = 'ed25519' | 'ecdsa-p256';

export interface KeySigner extends Signer {
  readonly algorithm: KeyAlgorithm;
  /** sha256 hex of the public key's SPKI DER: the bundle's public-key hint. */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

/** The algorithm of a key, or undefined when it is neither Ed25519 nor P-256. */
export function keyAlgorithm(key: KeyObject): KeyAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  return undefined;
}

/** The key id (public-key hint) of a public key. */
export function publicKeyId(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * A Signer for a PEM private key. The PEM never appears in an error: a key that does not parse is
 * reported by `keyName` only.
 */
export function createKeySigner(privateKeyPem: string, keyName = 'the signing key'): KeySigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch {
    throw new CopilotError('INPUT_INVALID', `${keyName} is not an unencrypted PEM private key`, {
      hint: 'pass an Ed25519 or P-256 private key in PEM (PKCS#8 or SEC1), without a passphrase',
    });
  }
  const algorithm = keyAlgorithm(privateKey);
  if (!algorithm) {
    const detail = privateKey.asymmetricKeyDetails?.namedCurve ?? privateKey.asymmetricKeyType ?? 'unknown';
    throw new CopilotError('INPUT_INVALID', `${keyName} is a ${detail} key; only Ed25519 and P-256 are supported`);
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = publicKeyId(publicKey);
  return {
    algorithm,
    keyId,
    publicKeyPem,
    async sign(data: Buffer): Promise<Signature> {
      // ECDSA signatures are DER-encoded over sha256, which is what @sigstore/verify expects for P-256.
      const signature = sign(algorithm === 'ed25519' ? null : 'sha256', data, privateKey);
      return { signature, key: { $case: 'publicKey', publicKey: publicKeyPem, hint: keyId } };
    },
  };
}

// Verifies a SignedPlan bundle with @sigstore/verify against the trust policy and returns the payload it
// covers. Every refusal is PLAN_SIGNATURE_INVALID and says which of these it was: a malformed bundle (and
// what is wrong in it), a payload type other than the SignedPlan's, a key or identity the trust policy does
// not name, or a signature over other bytes.
import { bundleFromJSON, ValidationError, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, VerificationError, Verifier, type Signer } from '@sigstore/verify';
import { CopilotError } from '../errors.js';
import { canonicalJson } from '../json/canonical.js';
import { SIGNED_PLAN_PAYLOAD_TYPE } from './signed-plan.js';
import type { TrustedKey, TrustPolicy } from './trust.js';

export type BundleSigner =
  | { readonly kind: 'key'; readonly id: string; readonly algorithm: string; readonly keyId: string }
  | { readonly kind: 'keyless'; readonly issuer: string; readonly identity: string };

export interface VerifiedPayload {
  /** The exact bytes the signature covers. */
  readonly payload: Buffer;
  /** The payload parsed (canonical JSON); not yet checked against the SignedPlan schema. */
  readonly value: unknown;
  readonly signer: BundleSigner;
}

const EMPTY_ROOT: TrustedRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [],
};

function refuse(message: string, cause?: unknown): CopilotError {
  return new CopilotError('PLAN_SIGNATURE_INVALID', `signature refused: ${message}`, {
    cause, hint: 'sign the plan again (migration-copilot sign) with a signer the trust policy names',
  });
}

function parseBundle(bundleJson: unknown): Bundle {
  let value = bundleJson;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      value = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch (e) {
      throw refuse('malformed bundle: not JSON', e);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('malformed bundle: not a JSON object');
  try {
    return bundleFromJSON(value);
  } catch (e) {
    if (e instanceof ValidationError) throw refuse(`malformed bundle: missing or invalid ${e.fields.join(', ')}`, e);
    throw refuse(`malformed bundle: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

function verifyWithKey(bundle: Bundle, hint: string, trust: TrustPolicy): BundleSigner {
  const key: TrustedKey | undefined = trust.keys.find((k) => k.keyId === hint);
  if (!key) throw refuse(`signed by a key the trust policy does not name (key id ${hint || 'absent'}); trusted keys: ${trust.keys.map((k) => k.id).join(', ') || 'none'}`);
  const material = toTrustMaterial(EMPTY_ROOT, () => ({ publicKey: key.publicKey, validFor: () => true }));
  // A key signature carries no transparency log entry or timestamp: there is none to require.
  const verifier = new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  runVerifier(() => verifier.verify(toSignedEntity(bundle)));
  return { kind: 'key', id: key.id, algorithm: key.algorithm, keyId: key.keyId };
}

/** A TrustedRoot (JSON form) with what keyless verification needs; protobuf's fromJSON alone accepts anything. */
export function parseTrustedRoot(json: unknown): TrustedRoot {
  const bad = (what: string, cause?: unknown) => new CopilotError('INPUT_INVALID', `the Sigstore trusted root is malformed: ${what}`, {
    cause, hint: 'pass the trusted_root.json of the Sigstore instance that issued the certificate',
  });
  const raw = json as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('not a JSON object');
  if (typeof raw.mediaType !== 'string' || !raw.mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) throw bad('mediaType is not a Sigstore trusted root');
  for (const list of ['certificateAuthorities', 'tlogs'] as const) {
    if (!Array.isArray(raw[list]) || raw[list].length === 0) throw bad(`${list} must be a non-empty list`);
  }
  try {
    return TrustedRoot.fromJSON(raw);
  } catch (e) {
    throw bad(e instanceof Error ? e.message : String(e), e);
  }
}

function verifyKeyless(bundle: Bundle, trust: TrustPolicy): BundleSigner {
  if (trust.keyless.length === 0) throw refuse('signed keyless (certificate), but the trust policy names no keyless signer');
  if (trust.trustedRoot === undefined) throw refuse('signed keyless (certificate), but no Sigstore trusted root was given to check it against');
  const root = parseTrustedRoot(trust.trustedRoot);
  const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  const signer = runVerifier(() => verifier.verify(toSignedEntity(bundle)));
  const issuer = signer.identity?.extensions?.issuer ?? '';
  const identity = signer.identity?.subjectAlternativeName ?? '';
  // Exact comparison: @sigstore/verify's own policy treats the identity as a regular expression.
  if (!trust.keyless.some((t) => t.issuer === issuer && t.identity === identity)) {
    throw refuse(`signed by ${identity || 'an unnamed identity'} (issuer ${issuer || 'unknown'}), which the trust policy does not name`);
  }
  return { kind: 'keyless', issuer, identity };
}

function runVerifier(verify: () => Signer): Signer {
  try {
    return verify();
  } catch (e) {
    if (e instanceof VerificationError && e.code === 'SIGNATURE_ERROR') throw refuse('the signature does not match the payload bytes', e);
    if (e instanceof VerificationError || e instanceof PolicyError) throw refuse(`${e.code}: ${e.message}`, e);
    throw refuse(`malformed bundle: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

export function verifySignedPlanBundle(bundleJson: unknown, trust: TrustPolicy): VerifiedPayload {
  return verifyDsseBundle(bundleJson, trust, SIGNED_PLAN_PAYLOAD_TYPE);
}

/**
 * Verifies any DSSE bundle of `payloadType` (a SignedPlan, an evidence attestation) the same way: trust
 * policy, signature, and a payload that is canonical JSON.
 */
export function verifyDsseBundle(bundleJson: unknown, trust: TrustPolicy, payloadType: string): VerifiedPayload {
  const bundle = parseBundle(bundleJson);
  if (bundle.content.$case !== 'dsseEnvelope') throw refuse('malformed bundle: it holds a message signature, not a DSSE envelope');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== payloadType) {
    throw refuse(`wrong payload type "${envelope.payloadType}", expected "${payloadType}"`);
  }
  const material = bundle.verificationMaterial.content;
  const signer = material.$case === 'publicKey'
    ? verifyWithKey(bundle, material.publicKey.hint, trust)
    : verifyKeyless(bundle, trust);
  const payload = Buffer.from(envelope.payload);
  const text = payload.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw refuse('the signed payload is not JSON', e);
  }
  if (canonicalJson(value) !== text) throw refuse('the signed payload is not canonical JSON (RFC 8785)');
  return { payload, value, signer };
}

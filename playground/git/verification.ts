// GitHub's `verification` object for a commit or tag, computed from its real signature: valid when the
// signature checks and its key is the web-flow key (committer GitHub) or a signing key registered by the
// user whose email is the committer's / tagger's.
import { sameSshKey, sshVerify } from './sshsig.js';

export interface Verification {
  verified: boolean;
  reason: string;
  signature: string | null;
  payload: string | null;
  verified_at: string | null;
}

export interface KeyOwner {
  readonly email: string | null;
  readonly signingKeys: readonly string[];
}

export interface VerifyContext {
  /** The simulator's own key, used for web-flow merges (committer "GitHub <noreply@github.com>"). */
  readonly webFlowKey: string;
  /** Accounts with registered signing keys. */
  readonly owners: () => Iterable<KeyOwner>;
  readonly now: () => string;
}

export const WEB_FLOW = { name: 'GitHub', email: 'noreply@github.com' } as const;

export function verify(ctx: VerifyContext, signature: string | null, payload: string, email: string): Verification {
  if (signature === null) return { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
  const base = { signature, payload };
  if (signature.includes('BEGIN PGP SIGNATURE')) return { ...base, verified: false, reason: 'unknown_key', verified_at: null };
  const result = sshVerify(signature, payload);
  if (!result.ok) return { ...base, verified: false, reason: result.reason, verified_at: null };
  if (sameSshKey(result.publicKey, ctx.webFlowKey)) {
    return email === WEB_FLOW.email
      ? { ...base, verified: true, reason: 'valid', verified_at: ctx.now() }
      : { ...base, verified: false, reason: 'bad_email', verified_at: null };
  }
  const owner = [...ctx.owners()].find((o) => o.signingKeys.some((k) => sameSshKey(k, result.publicKey)));
  if (!owner) return { ...base, verified: false, reason: 'unknown_key', verified_at: null };
  if (!owner.email || owner.email.toLowerCase() !== email.toLowerCase()) {
    return { ...base, verified: false, reason: 'bad_email', verified_at: null };
  }
  return { ...base, verified: true, reason: 'valid', verified_at: ctx.now() };
}

// Keyless signing: an ephemeral key certified by Fulcio for the workflow's OIDC identity, and the
// signature witnessed by Rekor. It needs the network, so it lives in app/, not core; the bundle itself is
// assembled by core/signing like the key signer's. The OIDC token is a secret: it never appears in an
// error (sigstore's own messages may quote it, so they are not passed on).
import { CIContextProvider, FulcioSigner, InternalError, RekorWitness, DEFAULT_FULCIO_URL, DEFAULT_REKOR_URL } from '@sigstore/sign';
import type { SerializedBundle } from '@sigstore/bundle';
import { CopilotError } from '../../core/errors.js';
import { createSignedPlanBundle, type BundleSigning } from '../../core/signing/bundle.js';
import type { SignedPlan } from '../../core/signing/signed-plan.js';

/** Supplies the OIDC identity token (GitHub Actions: the ACTIONS_ID_TOKEN_REQUEST_* endpoint). */
export interface OidcTokenProvider {
  getToken(): Promise<string>;
}

/** The OIDC token of the running GitHub Actions job (needs `permissions: id-token: write`), audience sigstore. */
export function githubActionsTokenProvider(): OidcTokenProvider {
  return new CIContextProvider('sigstore');
}

export interface KeylessOptions {
  readonly tokenProvider: OidcTokenProvider;
  readonly fulcioURL?: string;
  readonly rekorURL?: string;
  /** Per-request timeout in milliseconds. */
  readonly timeout?: number;
  /** Retries of a failed request (sigstore's own backoff); 0 in tests. */
  readonly retry?: number;
}

/** The Fulcio signer and the Rekor witness, ready for createSignedPlanBundle. */
export function keylessSigning(options: KeylessOptions): BundleSigning {
  const fetchOptions = { timeout: options.timeout, retry: options.retry };
  return {
    signer: new FulcioSigner({
      identityProvider: options.tokenProvider,
      fulcioBaseURL: options.fulcioURL ?? DEFAULT_FULCIO_URL,
      ...fetchOptions,
    }),
    witnesses: [new RekorWitness({ rekorBaseURL: options.rekorURL ?? DEFAULT_REKOR_URL, entryType: 'dsse', ...fetchOptions })],
  };
}

const WHAT_FAILED: Record<string, string> = {
  IDENTITY_TOKEN_READ_ERROR: 'the OIDC identity token could not be obtained',
  IDENTITY_TOKEN_PARSE_ERROR: 'the OIDC identity token is not a JWT with a subject',
  CA_CREATE_SIGNING_CERTIFICATE_ERROR: 'Fulcio did not issue a signing certificate',
  TLOG_CREATE_ENTRY_ERROR: 'Rekor did not record the signature',
  TLOG_FETCH_ENTRY_ERROR: 'Rekor did not return the existing entry',
};

/** Signs a SignedPlan keylessly; a failure is SIGNING_FAILED (a system failure) saying which step failed. */
export async function signSignedPlanKeyless(plan: SignedPlan, options: KeylessOptions): Promise<SerializedBundle> {
  try {
    return await createSignedPlanBundle(plan, keylessSigning(options));
  } catch (e) {
    const code = e instanceof InternalError ? e.code : undefined;
    const what = (code && WHAT_FAILED[code]) ?? 'keyless signing failed';
    throw new CopilotError('SIGNING_FAILED', `keyless signing failed: ${what}${code ? ` (${code})` : ''}`, {
      hint: 'check that the workflow may request an id-token (permissions: id-token: write) and that Fulcio and Rekor are reachable',
    });
  }
}

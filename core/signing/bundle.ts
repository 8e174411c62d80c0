// Turns a SignedPlan into a Sigstore bundle: a DSSE envelope over its canonical JSON, signed by whichever
// Signer is passed in (a key here, Fulcio in app/signing) and witnessed by the witnesses given (none for
// a key, Rekor for keyless). No network here: only the witnesses passed in may reach one.
import type { Signer, Witness } from '@sigstore/sign';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { SIGNED_PLAN_PAYLOAD_TYPE, signedPlanPayload, type SignedPlan } from './signed-plan.js';

export interface BundleSigning {
  readonly signer: Signer;
  readonly witnesses?: readonly Witness[];
}

/** A serialized Sigstore bundle holding a DSSE envelope over `payload` of `payloadType`. */
export async function createDsseBundle(payload: Buffer, payloadType: string, signing: BundleSigning): Promise<SerializedBundle> {
  // Loaded here: @sigstore/sign brings an HTTP stack (for Fulcio and Rekor) that cost every process importing
  // this module 0.16 s at start, signing or not (the runner only verifies).
  const { DSSEBundleBuilder } = await import('@sigstore/sign');
  const builder = new DSSEBundleBuilder({ signer: signing.signer, witnesses: [...(signing.witnesses ?? [])] });
  return bundleToJSON(await builder.create({ data: payload, type: payloadType }));
}

/** The serialized bundle (the content of plans/signed/v<N>.sigstore.json). */
export async function createSignedPlanBundle(plan: SignedPlan, signing: BundleSigning): Promise<SerializedBundle> {
  return createDsseBundle(signedPlanPayload(plan), SIGNED_PLAN_PAYLOAD_TYPE, signing);
}

// The checks the composer makes before it packs anything and the verifier makes on a pack, in one copy:
// the SignedPlan (bundle against the trust policy, readable copy equal to the signed payload, schema,
// version), the plan and the other signed inputs against the digests the SignedPlan carries, and the audit
// chain (intact, and extending the head the SignedPlan anchored). Each failure is a Mismatch naming the
// file and what was expected.
import { checkAuditExtends } from '../audit/anchor.js';
import type { AuditEntry } from '../audit/entry.js';
import { verifyChain } from '../audit/verify.js';
import { CopilotError } from '../errors.js';
import { REPO_PATHS } from '../repo/paths.js';
import { inputDigest } from '../repo/inputs-manifest.js';
import { parseSignedPlan } from '../signing/schema.js';
import { signedPlanReadableCopy, type SignedPlan } from '../signing/signed-plan.js';
import type { TrustPolicy } from '../signing/trust.js';
import { verifySignedPlanBundle } from '../signing/verify-bundle.js';

/** The first thing that does not match: the file, and what was found against what was expected. */
export class Mismatch extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'Mismatch';
    this.file = file;
  }
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The SignedPlan of `readable` + `bundle` (paths for messages), verified against `trust`; Mismatch otherwise. */
export function checkSignedPlan(
  files: { readonly readable: string; readonly bundle: string },
  readableText: string, bundleText: string, trust: TrustPolicy, version: number,
): SignedPlan {
  let payload: unknown;
  try {
    payload = verifySignedPlanBundle(bundleText, trust).value;
  } catch (e) {
    if (e instanceof CopilotError && e.kind === 'system') throw e;
    throw new Mismatch(files.bundle, why(e));
  }
  let signed: SignedPlan;
  try {
    signed = parseSignedPlan(payload, files.bundle);
  } catch (e) {
    throw new Mismatch(files.bundle, why(e));
  }
  if (readableText !== signedPlanReadableCopy(signed)) {
    throw new Mismatch(files.readable, `differs from the payload its bundle signs (${files.bundle}): expected the canonical JSON of the signed payload`);
  }
  if (signed.version !== version) throw new Mismatch(files.readable, `is version ${signed.version}, expected ${version}`);
  return signed;
}

/**
 * Every signed input the pack holds has the digest the SignedPlan carries (plan_sha256 for the plan), each
 * computed by core/repo `inputDigest` (project.json's lifecycle state, which moves after signing by design,
 * is not part of its digest). bytesOf: a file's bytes, undefined when absent.
 */
export function checkSignedInputs(signed: SignedPlan, bytesOf: (path: string) => Uint8Array | undefined, label: (path: string) => string): void {
  const digestOf = (path: string) => { const b = bytesOf(path); return b === undefined ? undefined : inputDigest(path, b); };
  const planNow = digestOf(REPO_PATHS.plan);
  if (planNow !== signed.plan_sha256) {
    throw new Mismatch(label(REPO_PATHS.plan), planNow === undefined ? 'missing' : `sha256 is ${planNow}, the SignedPlan v${signed.version} signed ${signed.plan_sha256}`);
  }
  for (const [path, sha] of Object.entries(signed.inputs)) {
    const now = digestOf(path);
    if (now !== sha) {
      throw new Mismatch(label(path), now === undefined ? `missing: the SignedPlan v${signed.version} signed it (sha256 ${sha})` : `sha256 is ${now}, the SignedPlan v${signed.version} signed ${sha}`);
    }
  }
}

/** The chain verifies and extends the head the SignedPlan anchored (when it recorded one). */
export function checkChain(file: string, chain: readonly AuditEntry[], signed: SignedPlan, projectId: string, headHash?: string): void {
  const verdict = verifyChain(chain, { projectId, ...(headHash === undefined ? {} : { expectedHead: headHash }) });
  if (!verdict.ok) throw new Mismatch(file, `${verdict.seq === undefined ? '' : `seq ${verdict.seq}: `}${verdict.message}`);
  const anchor = signed.audit_head;
  if (!anchor) return;
  const extended = checkAuditExtends(anchor, chain);
  if (!extended.ok) {
    throw new Mismatch(file, `does not extend the audit head ${anchor.seq}:${anchor.hash.slice(0, 12)}... the SignedPlan v${signed.version} anchored: ${extended.reason}`);
  }
}

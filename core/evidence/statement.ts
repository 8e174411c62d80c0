// The evidence attestation: an in-toto Statement v1 (https://github.com/in-toto/attestation, spec/v1)
// whose subjects are the files of the pack's manifest, each with its sha256, and whose predicate is this
// project's own (predicateType EVIDENCE_PREDICATE_TYPE). It travels as the payload of a DSSE envelope of
// payloadType application/vnd.in-toto+json inside a Sigstore bundle, so standard attestation tooling reads
// it as well as `migration-copilot verify --evidence`. The payload is canonical JSON (RFC 8785).
import { canonicalJson } from '../json/canonical.js';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** DSSE payloadType of every in-toto Statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The predicate type of an evidence pack. */
export const EVIDENCE_PREDICATE_TYPE = 'https://migration-copilot.dev/evidence/v1';

export interface StatementSubject {
  readonly name: string;
  readonly digest: { readonly sha256: string };
}

export interface AuditHeadRef {
  readonly seq: number;
  readonly hash: string;
}

export interface EvidencePredicate {
  readonly project_id: string;
  readonly plan_id?: string;
  readonly plan_version: number;
  /** sha256 of plans/migration_plan.json. */
  readonly plan_sha256: string;
  /** sha256 of plans/signed/v<N>.json (the SignedPlan's readable copy) and of its bundle. */
  readonly signed_plan_sha256: string;
  readonly signed_plan_bundle_sha256: string;
  /** sha256 of sha256_manifest.json: the signature covers the manifest itself too. */
  readonly manifest_sha256: string;
  /** The last entry of the pack's audit chain; and the head the SignedPlan anchored (null: it recorded none). */
  readonly audit_head: AuditHeadRef;
  readonly anchor: AuditHeadRef | null;
  readonly run_ids: readonly string[];
  readonly recon: readonly { readonly path: string; readonly status: string }[];
  /** Where the artifact store keeps the pack (a folder URI). */
  readonly store_uri: string;
  readonly created_at: string;
}

export interface EvidenceStatement {
  readonly _type: typeof IN_TOTO_STATEMENT_TYPE;
  readonly subject: readonly StatementSubject[];
  readonly predicateType: typeof EVIDENCE_PREDICATE_TYPE;
  readonly predicate: EvidencePredicate;
}

export function evidenceStatement(files: readonly { readonly path: string; readonly sha256: string }[], predicate: EvidencePredicate): EvidenceStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: files.map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })),
    predicateType: EVIDENCE_PREDICATE_TYPE,
    predicate,
  };
}

/** The DSSE payload: the Statement's canonical JSON bytes. */
export function statementPayload(statement: EvidenceStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The Statement of a verified payload, or why it is not an evidence Statement (the type, the predicate type,
 * a subject without a sha256 digest).
 */
export function readStatement(value: unknown): { statement: EvidenceStatement } | { problem: string } {
  if (!isRecord(value)) return { problem: 'the signed payload is not a JSON object' };
  if (value._type !== IN_TOTO_STATEMENT_TYPE) return { problem: `_type is ${JSON.stringify(value._type)}, expected "${IN_TOTO_STATEMENT_TYPE}"` };
  if (value.predicateType !== EVIDENCE_PREDICATE_TYPE) return { problem: `predicateType is ${JSON.stringify(value.predicateType)}, expected "${EVIDENCE_PREDICATE_TYPE}"` };
  if (!Array.isArray(value.subject)) return { problem: 'subject is not a list' };
  for (const [i, s] of value.subject.entries()) {
    if (!isRecord(s) || typeof s.name !== 'string' || !isRecord(s.digest) || typeof s.digest.sha256 !== 'string') {
      return { problem: `subject ${i} has no name and sha256 digest` };
    }
  }
  const p = value.predicate;
  if (!isRecord(p) || typeof p.manifest_sha256 !== 'string' || !isRecord(p.audit_head) || typeof p.plan_version !== 'number') {
    return { problem: 'the predicate lacks plan_version, manifest_sha256 or audit_head' };
  }
  return { statement: value as unknown as EvidenceStatement };
}

// Verifies an evidence pack offline, from its files alone and the trust policy: every digest of the manifest
// (no file missing, none unlisted), the attestation's signature and that its subjects are the manifest's
// files, the SignedPlan's signature and the signed inputs, and the audit chain (intact, and extending the
// head the SignedPlan anchored). It stops at the FIRST thing that does not match and names its file and
// what was expected; the checks that passed before it are listed too.
import { parseAuditChainJson } from '../audit/parse.js';
import { sha256Hex } from '../json/canonical.js';
import { parseJson } from '../schema/parse-json.js';
import { validateDocument } from '../schema/validate.js';
import { signedPlanPaths } from '../repo/paths.js';
import type { TrustPolicy } from '../signing/trust.js';
import { verifyDsseBundle } from '../signing/verify-bundle.js';
import type { Sha256Manifest } from '../types/generated.js';
import { checkChain, checkSignedInputs, checkSignedPlan, Mismatch } from './checks.js';
import { ATTESTATION_FILE, AUDIT_CHAIN_FILE, MANIFEST_FILE, UNLISTED_FILES } from './layout.js';
import { IN_TOTO_PAYLOAD_TYPE, readStatement } from './statement.js';

export interface EvidenceCheck {
  readonly id: string;
  readonly detail: string;
}

export type EvidenceVerdict =
  | { readonly ok: true; readonly checks: readonly EvidenceCheck[] }
  | { readonly ok: false; readonly checks: readonly EvidenceCheck[]; readonly failed: string; readonly file: string; readonly message: string };

/** A pack as read from its folder: relative path -> bytes, every file there. */
export type PackFiles = ReadonlyMap<string, Buffer>;

function readManifest(files: PackFiles): Sha256Manifest {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) throw new Mismatch(MANIFEST_FILE, 'missing: this is not an evidence pack, or its manifest was removed');
  const doc = parseJson(bytes.toString('utf8'), MANIFEST_FILE);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument('sha256_manifest', doc.value, { file: MANIFEST_FILE, lines: doc.lines });
  if (findings.length > 0) throw new Mismatch(MANIFEST_FILE, `line ${findings[0]!.line}: ${findings[0]!.message}`);
  const manifest = doc.value as Sha256Manifest;
  const seen = new Set<string>();
  for (const f of manifest.files) {
    if (seen.has(f.path)) throw new Mismatch(MANIFEST_FILE, `lists ${f.path} twice`);
    if (UNLISTED_FILES.includes(f.path)) throw new Mismatch(MANIFEST_FILE, `lists ${f.path}, which is never part of the manifest`);
    seen.add(f.path);
  }
  return manifest;
}

function checkDigests(files: PackFiles, manifest: Sha256Manifest): string {
  for (const f of manifest.files) {
    const bytes = files.get(f.path);
    if (!bytes) throw new Mismatch(f.path, `missing: the manifest lists it with sha256 ${f.sha256} (${f.bytes} bytes)`);
    const actual = sha256Hex(bytes);
    if (actual !== f.sha256 || bytes.length !== f.bytes) {
      throw new Mismatch(f.path, `sha256 is ${actual} (${bytes.length} bytes), the manifest says ${f.sha256} (${f.bytes} bytes)`);
    }
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const extra = [...files.keys()].filter((p) => !listed.has(p) && !UNLISTED_FILES.includes(p)).sort();
  if (extra.length > 0) throw new Mismatch(extra[0]!, `not listed in ${MANIFEST_FILE}: a file was added to the pack after it was composed`);
  return `${manifest.files.length} files match their sha256, none missing, none unlisted`;
}

function checkAttestation(files: PackFiles, manifest: Sha256Manifest, trust: TrustPolicy) {
  const bytes = files.get(ATTESTATION_FILE);
  if (!bytes) throw new Mismatch(ATTESTATION_FILE, 'missing: the manifest is not signed');
  let verified;
  try {
    verified = verifyDsseBundle(bytes.toString('utf8'), trust, IN_TOTO_PAYLOAD_TYPE);
  } catch (e) {
    throw new Mismatch(ATTESTATION_FILE, (e as Error).message);
  }
  const read = readStatement(verified.value);
  if ('problem' in read) throw new Mismatch(ATTESTATION_FILE, read.problem);
  const { statement } = read;
  const subjects = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
  for (const f of manifest.files) {
    const signed = subjects.get(f.path);
    if (signed === undefined) throw new Mismatch(ATTESTATION_FILE, `has no subject ${f.path}, which the manifest lists (sha256 ${f.sha256})`);
    if (signed !== f.sha256) throw new Mismatch(f.path, `the manifest says sha256 ${f.sha256}, the attestation signed ${signed}`);
  }
  const extra = statement.subject.find((s) => !manifest.files.some((f) => f.path === s.name));
  if (extra) throw new Mismatch(ATTESTATION_FILE, `signs subject ${extra.name}, which the manifest does not list`);
  const manifestSha = sha256Hex(files.get(MANIFEST_FILE)!);
  if (statement.predicate.manifest_sha256 !== manifestSha) {
    throw new Mismatch(MANIFEST_FILE, `sha256 is ${manifestSha}, the attestation signed ${statement.predicate.manifest_sha256}`);
  }
  if (statement.predicate.plan_version !== manifest.plan_version) {
    throw new Mismatch(ATTESTATION_FILE, `speaks for plan version ${statement.predicate.plan_version}, the manifest for ${manifest.plan_version}`);
  }
  const signer = verified.signer.kind === 'key' ? `key ${verified.signer.id}` : verified.signer.identity;
  return { statement, detail: `in-toto Statement signed by ${signer}; its ${statement.subject.length} subjects are the manifest's files` };
}

export function verifyEvidencePack(files: PackFiles, trust: TrustPolicy): EvidenceVerdict {
  const checks: EvidenceCheck[] = [];
  let step = 'manifest';
  try {
    const manifest = readManifest(files);
    checks.push({ id: step, detail: `${MANIFEST_FILE}: plan v${manifest.plan_version} of ${manifest.project_id}, ${manifest.files.length} files` });
    step = 'digests';
    checks.push({ id: step, detail: checkDigests(files, manifest) });
    step = 'attestation';
    const { statement, detail } = checkAttestation(files, manifest, trust);
    checks.push({ id: step, detail });

    step = 'signed-plan';
    const version = manifest.plan_version;
    const paths = signedPlanPaths(version);
    const text = (p: string) => {
      const b = files.get(p);
      if (!b) throw new Mismatch(p, 'missing from the pack');
      return b.toString('utf8');
    };
    const signed = checkSignedPlan(paths, text(paths.readable), text(paths.bundle), trust, version);
    if (signed.project_id !== manifest.project_id) throw new Mismatch(paths.readable, `is for project ${signed.project_id}, the manifest for ${manifest.project_id}`);
    if (statement.predicate.signed_plan_sha256 !== sha256Hex(files.get(paths.readable)!)) {
      throw new Mismatch(paths.readable, `the attestation signed sha256 ${statement.predicate.signed_plan_sha256} for it`);
    }
    checkSignedInputs(signed, (p) => files.get(p), (p) => p);
    checks.push({ id: step, detail: `${paths.readable} verifies; the plan and ${Object.keys(signed.inputs).length} signed inputs carry their signed sha256 (project.json moves with the state)` });

    step = 'audit-chain';
    const parsed = parseAuditChainJson(text(AUDIT_CHAIN_FILE), AUDIT_CHAIN_FILE);
    if (parsed.findings.length > 0) throw new Mismatch(AUDIT_CHAIN_FILE, `line ${parsed.findings[0]!.line}: ${parsed.findings[0]!.message}`);
    checkChain(AUDIT_CHAIN_FILE, parsed.entries, signed, manifest.project_id, parsed.head_hash);
    const last = parsed.entries.at(-1);
    const head = statement.predicate.audit_head;
    if ((last?.seq ?? 0) !== head.seq || parsed.head_hash !== head.hash) {
      throw new Mismatch(AUDIT_CHAIN_FILE, `ends at seq ${last?.seq ?? 0} (${parsed.head_hash!.slice(0, 12)}...), the attestation signed the head ${head.seq}:${head.hash.slice(0, 12)}...`);
    }
    const anchored = signed.audit_head ? `extends the head ${signed.audit_head.seq}:${signed.audit_head.hash.slice(0, 12)}... the SignedPlan anchored` : 'not anchored (the SignedPlan records no audit head)';
    checks.push({ id: step, detail: `${parsed.entries.length} entries intact, head ${head.seq}:${head.hash.slice(0, 12)}...; ${anchored}` });
    return { ok: true, checks };
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    return { ok: false, checks, failed: step, file: e.file, message: e.message };
  }
}

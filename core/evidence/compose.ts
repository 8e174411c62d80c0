// The one evidence composer `migration-copilot evidence` and `/evidence compose` share. From a repository
// (read through RepoFiles), the audit chain, the trust policy of the base branch, a signer and an artifact
// store (all passed in: core does no I/O of its own), it composes evidence/v<N>/ (core/evidence/layout.ts),
// uploads every file to the store, and signs the manifest as an in-toto attestation. It refuses, saying
// which file and why, to compose over anything that does not hold: a SignedPlan that does not verify, a plan
// or signed input changed since signing, no execution report, a broken chain or one that does not extend
// the anchored head. Composing the same evidence again gives the same bytes under the same store names (a
// write-once no-op); with a signer whose signatures are not deterministic (ECDSA) the attestation already in
// the store is reused when it signs the same Statement.
import type { AuditEntry } from '../audit/entry.js';
import { CopilotError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../json/canonical.js';
import { buildMigrationContext, REPO_PATHS, signedPlanPaths, fileBytes, type RepoFiles } from '../repo/index.js';
import { validateDocument } from '../schema/validate.js';
import { createDsseBundle, type BundleSigning } from '../signing/bundle.js';
import type { SignedPlan } from '../signing/signed-plan.js';
import type { TrustPolicy } from '../signing/trust.js';
import { verifyDsseBundle } from '../signing/verify-bundle.js';
import { checkChain, checkSignedInputs, checkSignedPlan, Mismatch } from './checks.js';
import { APPROVALS_FILE, ATTESTATION_FILE, AUDIT_CHAIN_FILE, evidenceDir, MANIFEST_FILE, reportDirs, storeFolder } from './layout.js';
import { approvalsRecordOfPack, auditChainDocument, chainLinks, type ReconLink, type RunLink } from './links.js';
import { evidenceStatement, IN_TOTO_PAYLOAD_TYPE, statementPayload, type EvidencePredicate } from './statement.js';

/** The artifact store, as runner/artifacts' ArtifactStore offers it (write-once put, checked get). */
export interface EvidenceStore {
  readonly root: string;
  put(name: string, bytes: Uint8Array): Promise<{ readonly uri: string; readonly sha256: string }>;
  get(uri: string, expectedSha256?: string): Promise<Buffer>;
  list(prefix?: string): Promise<string[]>;
}

export interface ComposeEvidenceInput {
  /** The repository at the commit the pack speaks for (the base branch, or a checkout). */
  readonly files: RepoFiles;
  /** Plan version N; default: the latest signed. */
  readonly version?: number;
  /** The audit chain (branch migration-audit), parsed; empty when there is none. */
  readonly chain: readonly AuditEntry[];
  /** signers of .migration/config.yml on the base branch. */
  readonly trust: TrustPolicy;
  /** The plan-signing key's signer: it signs the attestation. */
  readonly signing: BundleSigning;
  readonly store: EvidenceStore;
  /** The commit composed, when known (recorded in the manifest). */
  readonly commitSha?: string;
}

export interface PackFile {
  /** Relative to the pack's folder. */
  readonly path: string;
  readonly bytes: Buffer;
}

export interface ComposedEvidence {
  readonly version: number;
  /** evidence/v<N> */
  readonly dir: string;
  /** Every file of the pack, the manifest and the attestation included. */
  readonly files: readonly PackFile[];
  /** How many files the manifest lists. */
  readonly listed: number;
  readonly manifestSha256: string;
  readonly storeUri: string;
  readonly manifestUri: string;
  readonly attestationUri: string;
  readonly auditHead: { readonly seq: number; readonly hash: string };
  readonly runIds: readonly string[];
  readonly signedPlan: SignedPlan;
}

function refuse(e: unknown): never {
  if (e instanceof Mismatch) {
    throw new CopilotError('PLAN_REFUSED', `no evidence pack is composed: ${e.message}`, {
      hint: 'an evidence pack only speaks for a verified signed plan, its reports and an intact audit chain: fix what is named, then compose again',
    });
  }
  throw e;
}

function jsonOf(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The files of the pack other than the composed ones, by repository path, with the run and recon links. */
function copiedFiles(files: RepoFiles, version: number, signed: SignedPlan) {
  const out = new Map<string, Buffer>();
  const add = (path: string) => {
    const bytes = fileBytes(files, path);
    if (bytes !== undefined) out.set(path, Buffer.from(bytes));
  };
  const paths = signedPlanPaths(version);
  for (const path of [REPO_PATHS.plan, paths.readable, paths.bundle, REPO_PATHS.project, ...Object.keys(signed.inputs)]) add(path);
  const dirs = reportDirs(version);
  const runs: RunLink[] = [];
  const recon: ReconLink[] = [];
  for (const path of [...files.list(dirs.runs), ...files.list(dirs.recon)]) {
    add(path);
    const bytes = out.get(path);
    const doc = bytes && path.endsWith('.json') ? jsonOf(bytes) : undefined;
    if (!doc || !bytes) continue;
    if (path.startsWith(dirs.runs) && typeof doc.run_id === 'string') runs.push({ run_id: doc.run_id, status: String(doc.status), path, sha256: sha256Hex(bytes) });
    const summary = doc.summary as { status?: unknown } | undefined;
    if (path.startsWith(dirs.recon) && typeof summary?.status === 'string') recon.push({ path, sha256: sha256Hex(bytes), status: summary.status });
  }
  if (runs.length === 0) {
    throw new Mismatch(dirs.runs, `holds no execution report: an evidence pack speaks for the runs of v${version} (the runner's evidence pull request adds them)`);
  }
  return { out, runs, recon };
}

/** Reuses the attestation already stored for this exact Statement, or signs a new one. */
async function attestation(store: EvidenceStore, name: string, payload: Buffer, input: ComposeEvidenceInput): Promise<Buffer> {
  if ((await store.list(name)).includes(name)) {
    const had = await store.get(`${store.root}/${name}`);
    try {
      if (verifyDsseBundle(had.toString('utf8'), input.trust, IN_TOTO_PAYLOAD_TYPE).payload.equals(payload)) return had;
    } catch {
      // Not a valid attestation of this Statement: the put below refuses to replace it and says so.
    }
  }
  const bundle = Buffer.from(`${JSON.stringify(await createDsseBundle(payload, IN_TOTO_PAYLOAD_TYPE, input.signing), null, 2)}\n`);
  try {
    verifyDsseBundle(bundle.toString('utf8'), input.trust, IN_TOTO_PAYLOAD_TYPE);
  } catch (e) {
    throw new CopilotError('SIGNING_FAILED', `the evidence attestation would not verify: ${(e as Error).message}`, {
      cause: e, hint: 'sign with the plan-signing key whose public key is in signers.keys of .migration/config.yml on the default branch',
    });
  }
  return bundle;
}

export async function composeEvidencePack(input: ComposeEvidenceInput): Promise<ComposedEvidence> {
  try {
    return await compose(input);
  } catch (e) {
    return refuse(e);
  }
}

/** A key signer (core/signing createKeySigner) whose key the trust policy does not name is refused before anything is uploaded. */
function checkSignerTrusted(input: ComposeEvidenceInput): void {
  const keyId = (input.signing.signer as { keyId?: unknown }).keyId;
  if (typeof keyId === 'string' && !input.trust.keys.some((k) => k.keyId === keyId)) {
    throw new CopilotError('SIGNING_FAILED', `the evidence attestation would not verify: its key (id ${keyId.slice(0, 12)}...) is not in signers.keys of .migration/config.yml on the default branch`, {
      hint: 'sign with the plan-signing key whose public key is in signers.keys of .migration/config.yml on the default branch',
    });
  }
}

async function compose(input: ComposeEvidenceInput): Promise<ComposedEvidence> {
  checkSignerTrusted(input);
  const { files, chain } = input;
  const ctx = buildMigrationContext(files);
  const version = input.version ?? ctx.signedVersions.at(-1);
  if (version === undefined) throw new CopilotError('PLAN_REFUSED', 'there is no signed plan (plans/signed/v<N>.json): an evidence pack speaks for a signed plan');
  const paths = signedPlanPaths(version);
  const readable = files.read(paths.readable);
  const bundleText = files.read(paths.bundle);
  if (readable === undefined || bundleText === undefined) {
    throw new CopilotError('FILE_NOT_FOUND', `${readable === undefined ? paths.readable : paths.bundle} not found: v${version} is not signed`, {
      hint: ctx.signedVersions.length > 0 ? `the signed versions are ${ctx.signedVersions.map((v) => `v${v}`).join(', ')}` : 'sign the plan first',
    });
  }
  const signed = checkSignedPlan(paths, readable, bundleText, input.trust, version);
  checkSignedInputs(signed, (p) => fileBytes(files, p), (p) => p);
  const projectId = signed.project_id;
  checkChain('the audit chain (branch migration-audit)', chain, signed, projectId);

  const { out, runs, recon } = copiedFiles(files, version, signed);
  const approvals = approvalsRecordOfPack(version, signed, chain);
  out.set(APPROVALS_FILE, Buffer.from(`${JSON.stringify(approvals, null, 2)}\n`));
  const signedPlanSha256 = sha256Hex(out.get(paths.readable)!);
  const anchor = signed.audit_head ? { seq: signed.audit_head.seq, hash: signed.audit_head.hash, source: paths.readable } : undefined;
  const links = chainLinks({ version, signed, signedPlanSha256, chain, runs, recon, approvals });
  out.set(AUDIT_CHAIN_FILE, Buffer.from(auditChainDocument(projectId, chain, anchor, links)));

  const listed = [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, bytes]) => ({ path, bytes, sha256: sha256Hex(bytes) }));
  const folder = storeFolder(version, sha256Hex(canonicalJson(listed.map((f) => [f.path, f.sha256]))));
  const entries = [];
  for (const f of listed) {
    const stored = await input.store.put(`${folder}/${f.path}`, f.bytes);
    entries.push({ path: f.path, sha256: f.sha256, bytes: f.bytes.length, uri: stored.uri });
  }
  const createdAt = chain.at(-1)?.ts ?? signed.created_at;
  const manifestDoc = {
    project_id: projectId, plan_id: signed.plan_id, plan_version: version, ...(input.commitSha ? { commit_sha: input.commitSha } : {}),
    algorithm: 'sha256', created_at: createdAt, files: entries,
  };
  const problems = validateDocument('sha256_manifest', manifestDoc, { file: MANIFEST_FILE, lines: new Map() });
  if (problems.length > 0) throw new CopilotError('INPUT_INVALID', `${MANIFEST_FILE} would not be valid: ${problems.map((f) => `${f.pointer} ${f.message}`).join('; ')}`);
  const manifest = Buffer.from(`${JSON.stringify(manifestDoc, null, 2)}\n`);
  const manifestStored = await input.store.put(`${folder}/${MANIFEST_FILE}`, manifest);

  const auditHead = { seq: chain.at(-1)?.seq ?? 0, hash: chain.at(-1)?.hash ?? '0'.repeat(64) };
  const storeUri = `${input.store.root}/${folder}`;
  const predicate: EvidencePredicate = {
    project_id: projectId, plan_id: signed.plan_id, plan_version: version, plan_sha256: signed.plan_sha256,
    signed_plan_sha256: signedPlanSha256, signed_plan_bundle_sha256: sha256Hex(out.get(paths.bundle)!), manifest_sha256: manifestStored.sha256,
    audit_head: auditHead, anchor: signed.audit_head ? { seq: signed.audit_head.seq, hash: signed.audit_head.hash } : null,
    run_ids: runs.map((r) => r.run_id), recon: recon.map((r) => ({ path: r.path, status: r.status })), store_uri: storeUri, created_at: createdAt,
  };
  const payload = statementPayload(evidenceStatement(entries, predicate));
  const attestationName = `${folder}/${ATTESTATION_FILE}`;
  const bundle = await attestation(input.store, attestationName, payload, input);
  const attestationStored = await input.store.put(attestationName, bundle);
  return {
    version, dir: evidenceDir(version), listed: entries.length, manifestSha256: manifestStored.sha256, storeUri,
    manifestUri: manifestStored.uri, attestationUri: attestationStored.uri, auditHead, runIds: predicate.run_ids, signedPlan: signed,
    files: [...listed.map((f) => ({ path: f.path, bytes: f.bytes })), { path: MANIFEST_FILE, bytes: manifest }, { path: ATTESTATION_FILE, bytes: bundle }],
  };
}

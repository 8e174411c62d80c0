// The evidence composer and verifier (core/evidence) over a repository in memory and a real filesystem
// artifact store: what the pack holds, its manifest, attestation and audit links, write-once re-composition,
// the refusals, and the offline verification naming the first thing that does not match.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntry } from '../../../core/audit/entry.js';
import { composeEvidencePack, EVIDENCE_PREDICATE_TYPE, IN_TOTO_PAYLOAD_TYPE, verifyEvidencePack, type ComposedEvidence, type PackFiles } from '../../../core/evidence/index.js';
import { sha256Hex } from '../../../core/json/canonical.js';
import { memoryRepoFiles } from '../../../core/repo/index.js';
import { createKeySigner, trustPolicyFromConfig, type TrustPolicy } from '../../../core/signing/index.js';
import { FilesystemStore } from '../../../runner/artifacts/filesystem.js';
import { auditInput, evidenceRepo, newKey, type EvidenceRepo } from './fixtures.js';

const key = newKey('ed25519', 'plan-key');
const work = mkdtempSync(join(tmpdir(), 'mc-evidence-core-'));
let repo: EvidenceRepo;
let trust: TrustPolicy;
let pack: ComposedEvidence;
let n = 0;

const trustOf = (...keys: ReturnType<typeof newKey>[]) => trustPolicyFromConfig({ signers: { keys: keys.map((k) => ({ id: k.id, algorithm: k.algorithm, public_key: k.publicPem })) } });
const store = () => new FilesystemStore(join(work, `store-${n++}`));
const compose = (over: Partial<Parameters<typeof composeEvidencePack>[0]> = {}, files = repo.files) => composeEvidencePack({
  files: memoryRepoFiles(files), version: 1, chain: repo.chain, trust, signing: { signer: createKeySigner(key.privatePem) }, store: store(), ...over,
});
const packFiles = (p: ComposedEvidence): Map<string, Buffer> => new Map(p.files.map((f) => [f.path, f.bytes]));

beforeAll(async () => {
  repo = await evidenceRepo(key);
  trust = trustOf(key);
  pack = await compose();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('composeEvidencePack', () => {
  it('packs the plan, the SignedPlan and bundle, models, reports, approvals and the anchored chain, every file in the manifest', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'plans/migration_plan.json', 'plans/signed/v1.json', 'plans/signed/v1.sigstore.json', 'contracts/schema_mapping.yml',
      'runs/v1/execution_report.json', 'reconciliation/v1/recon_report.json', 'reconciliation/v1/recon_report.md',
      'approvals.json', 'audit_chain.json', 'sha256_manifest.json', 'attestation.sigstore.json', 'project.json',
    ]));
    const manifest = JSON.parse(packFiles(pack).get('sha256_manifest.json')!.toString());
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(paths.filter((p) => p !== 'sha256_manifest.json' && p !== 'attestation.sigstore.json'));
    for (const f of manifest.files) expect(f.uri).toBe(`${pack.storeUri}/${f.path}`);
    expect(manifest.created_at).toBe(repo.chain.at(-1)!.ts);
    const chain = JSON.parse(packFiles(pack).get('audit_chain.json')!.toString());
    expect(chain.anchor).toEqual({ ...repo.signed.audit_head, source: 'plans/signed/v1.json' });
    expect(chain.links.plan).toMatchObject({ version: 1, plan_sha256: repo.signed.plan_sha256, signed_seq: 3 });
    expect(chain.links.runs).toEqual([expect.objectContaining({ run_id: 'gh-41', status: 'succeeded', path: 'runs/v1/execution_report.json' })]);
    expect(chain.links.approvals.find((a: { transition: string }) => a.transition === 'PLANNED->EXECUTED'))
      .toEqual({ transition: 'PLANNED->EXECUTED', approvers: ['dora (data_owner)', 'sam (security)'], seq: 5 });
    expect(pack.auditHead).toEqual({ seq: repo.chain.at(-1)!.seq, hash: repo.chain.at(-1)!.hash });
  });

  it('signs an in-toto Statement v1 over the manifest\'s files in a DSSE envelope', () => {
    const bundle = JSON.parse(packFiles(pack).get('attestation.sigstore.json')!.toString());
    expect(bundle.dsseEnvelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe(EVIDENCE_PREDICATE_TYPE);
    const manifest = JSON.parse(packFiles(pack).get('sha256_manifest.json')!.toString());
    expect(statement.subject).toEqual(manifest.files.map((f: { path: string; sha256: string }) => ({ name: f.path, digest: { sha256: f.sha256 } })));
    expect(statement.predicate).toMatchObject({
      plan_version: 1, plan_sha256: repo.signed.plan_sha256, manifest_sha256: pack.manifestSha256, run_ids: ['gh-41'],
      recon: [{ path: 'reconciliation/v1/recon_report.json', status: 'fail' }], audit_head: pack.auditHead, store_uri: pack.storeUri,
    });
    expect(verifyEvidencePack(packFiles(pack), trust)).toMatchObject({ ok: true });
  });

  it('composes the same evidence to the same bytes under the same store names; a P-256 attestation is reused', async () => {
    const p256 = newKey('ecdsa-p256', 'p256');
    const again = { trust: trustOf(key, p256), signing: { signer: createKeySigner(p256.privatePem) } };
    const shared = store();
    const first = await compose({ ...again, store: shared });
    const second = await compose({ ...again, store: shared });
    expect(second.files).toEqual(first.files);
    expect(second.attestationUri).toBe(first.attestationUri);
    const newer = await compose({ ...again, store: shared, chain: appendEntry(repo.chain, auditInput('command.help', 'acme/mig#1'), '2026-11-28T00:00:00Z') });
    expect(newer.storeUri).not.toBe(first.storeUri);
  });

  const other = newKey('ed25519', 'other');
  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['the plan changed after signing', () => compose({}, { ...repo.files, 'plans/migration_plan.json': repo.files['plans/migration_plan.json']!.replace('"rate": 0.1', '"rate": 0.2') }),
      /plans\/migration_plan.json: sha256 is [0-9a-f]{64}, the SignedPlan v1 signed [0-9a-f]{64}/],
    ['a chain cut below the anchored head', () => compose({ chain: [] }), /does not extend the audit head 2:/],
    ['no execution report', () => compose({}, Object.fromEntries(Object.entries(repo.files).filter(([p]) => !p.startsWith('runs/')))), /runs\/v1\/: holds no execution report/],
    ['a SignedPlan by a key the base does not trust', () => compose({ trust: trustOf(other), signing: { signer: createKeySigner(other.privatePem) } }), /plans\/signed\/v1.sigstore.json: signature refused: signed by a key the trust policy does not name/],
  ])('refuses to compose over %s', async (_, run, message) => {
    await expect(run()).rejects.toMatchObject({ code: 'PLAN_REFUSED', message: expect.stringMatching(message) });
  });

  it('refuses an attestation key the base does not trust before anything is signed for it', async () => {
    await expect(compose({ signing: { signer: createKeySigner(newKey('ed25519', 'stranger').privatePem) } }))
      .rejects.toMatchObject({ code: 'SIGNING_FAILED', message: expect.stringContaining('the evidence attestation would not verify: its key') });
    expect(await new FilesystemStore(join(work, `store-${n - 1}`)).list()).toEqual([]);
  });
});

describe('verifyEvidencePack', () => {
  const tampered = (change: (files: Map<string, Buffer>) => void): PackFiles => {
    const files = packFiles(pack);
    change(files);
    return files;
  };
  it('lists every check when the pack holds', () => {
    const verdict = verifyEvidencePack(packFiles(pack), trust);
    expect(verdict.checks.map((c) => c.id)).toEqual(['manifest', 'digests', 'attestation', 'signed-plan', 'audit-chain']);
  });

  it('names the first mismatch: a file changed and its manifest entry rewritten is caught by the attestation', () => {
    const verdict = verifyEvidencePack(tampered((f) => {
      const model = Buffer.from('select 1;\n');
      f.set('runs/v1/execution_report.json', model);
      const m = JSON.parse(f.get('sha256_manifest.json')!.toString());
      const e = m.files.find((x: { path: string }) => x.path === 'runs/v1/execution_report.json');
      Object.assign(e, { sha256: sha256Hex(model), bytes: model.length });
      f.set('sha256_manifest.json', Buffer.from(JSON.stringify(m)));
    }), trust);
    expect(verdict).toMatchObject({ ok: false, failed: 'attestation', file: 'runs/v1/execution_report.json' });
  });
});

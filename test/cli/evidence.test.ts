// `migration-copilot evidence` and `verify --evidence` through the CLI's entry (cli/main.ts), on a git
// repository at CUTOVER_DONE with its audit branch and a filesystem artifact store: the pack is composed,
// uploaded and verified; then copies of it are tampered one way each, and verify names exactly what and
// where: one byte of a file, a removed file, an added file, an attestation forged with another key, an audit
// chain edited and re-sealed with the trusted key, and a chain cut below the signed anchor.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../core/audit/entry.js';
import { toAuditJsonl } from '../../core/audit/parse.js';
import { evidenceStatement, IN_TOTO_PAYLOAD_TYPE, statementPayload, type EvidencePredicate } from '../../core/evidence/index.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { createDsseBundle, createKeySigner } from '../../core/signing/index.js';
import { evidenceRepo, newKey, type TestKey } from '../core/evidence/fixtures.js';
import { runCli } from '../support/cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const key = newKey('ed25519', 'plan-key');
const work = mkdtempSync(join(tmpdir(), 'mc-evidence-cli-'));
const repo = join(work, 'repo');
const pack = join(repo, 'evidence/v1');
const keyFile = join(work, 'plan.pem');
const storeUri = `file:${join(work, 'store')}`;
let n = 0;

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=rita', '-c', 'user.email=rita@example.com', '-c', 'commit.gpgsign=false', ...args],
  { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const cli = (...args: string[]) => runCli(args, { cwd: work });

/** A copy of the pack, changed by `change` (paths relative to the pack). */
function tamper(change: (dir: string) => void | Promise<void>): Promise<string> | string {
  const dir = join(work, `tampered-${n++}`);
  cpSync(pack, dir, { recursive: true });
  const done = change(dir);
  return done instanceof Promise ? done.then(() => dir) : dir;
}

/** Recomputes the manifest and the attestation over the files as they now are, signing with `signer`. */
async function reseal(dir: string, signer: TestKey, predicate: (p: Json) => void = () => {}): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dir, 'sha256_manifest.json'), 'utf8'));
  for (const f of manifest.files) {
    const bytes = readFileSync(join(dir, f.path));
    Object.assign(f, { sha256: sha256Hex(bytes), bytes: bytes.length });
  }
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(dir, 'sha256_manifest.json'), text);
  const bundle = JSON.parse(readFileSync(join(dir, 'attestation.sigstore.json'), 'utf8'));
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
  const p = { ...statement.predicate, manifest_sha256: sha256Hex(text) };
  predicate(p);
  const signed = await createDsseBundle(statementPayload(evidenceStatement(manifest.files, p as EvidencePredicate)), IN_TOTO_PAYLOAD_TYPE, { signer: createKeySigner(signer.privatePem) });
  writeFileSync(join(dir, 'attestation.sigstore.json'), JSON.stringify(signed));
}

beforeAll(async () => {
  const { files, chain } = await evidenceRepo(key);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  writeFileSync(keyFile, key.privatePem, { mode: 0o600 });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'the migration at CUTOVER_DONE');
  // The audit branch, as the app keeps it: one file, audit.jsonl, on its own history.
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: toAuditJsonl(chain), encoding: 'utf8' }).trim();
  const tree = execFileSync('git', ['mktree'], { cwd: repo, input: `100644 blob ${blob}\taudit.jsonl\n`, encoding: 'utf8' }).trim();
  git('update-ref', 'refs/heads/migration-audit', git('commit-tree', tree, '-m', 'audit'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('migration-copilot evidence', () => {
  it('composes evidence/v1, uploads it to the store and prints where', async () => {
    const run = await cli('evidence', '--repo', repo, '--version', '1', '--key', keyFile, '--store', storeUri);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^composed evidence\/v1\/ for plan v1: \d+ files in evidence\/v1\/sha256_manifest.json \(sha256 [0-9a-f]{64}\)/m);
    expect(run.stdout).toContain('audit chain: refs/heads/migration-audit:audit.jsonl, head 9:');
    const manifestUri = /^ {2}manifest {4}(\S+)$/m.exec(run.stdout)![1]!;
    expect(readFileSync(new URL(manifestUri))).toEqual(readFileSync(join(pack, 'sha256_manifest.json')));
    expect(run.stdout).not.toContain('PRIVATE KEY');
    // Again: the same bytes, the same store names (write-once: a no-op).
    const again = await cli('evidence', '--repo', repo, '--version', '1', '--key', keyFile, '--store', storeUri);
    expect(again.code).toBe(0);
    expect(/^ {2}manifest {4}(\S+)$/m.exec(again.stdout)![1]).toBe(manifestUri);
  });

  it('refuses a version that is not signed, and a missing key, as bad input', async () => {
    const run = await cli('evidence', '--repo', repo, '--version', '2', '--key', keyFile, '--store', storeUri);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('plans/signed/v2.json not found: v2 is not signed')]);
    const nokey = await cli('evidence', '--repo', repo, '--version', '1');
    expect([nokey.code, nokey.stderr]).toEqual([2, expect.stringContaining('--key is required')]);
  });
});

describe('migration-copilot verify --evidence', () => {
  it('verifies the pack offline, the repository holding it naming the trusted signers', async () => {
    const run = await cli('verify', '--evidence', pack);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const id of ['manifest', 'digests', 'attestation', 'signed-plan', 'audit-chain']) expect(run.stdout).toMatch(new RegExp(`^ {2}ok {3}${id}: `, 'm'));
    expect(run.stdout).toContain('extends the head 2:');
    expect(run.stdout).toMatch(/^verified: /m);
  });

  const other = newKey('ed25519', 'other-key');
  it.each<[string, (dir: string) => void | Promise<void>, string, string]>([
    ['one byte of a file', (d) => {
      const f = join(d, 'plans/migration_plan.json');
      const bytes = readFileSync(f);
      bytes[10] = bytes[10]! ^ 1;
      writeFileSync(f, bytes);
    }, 'digests', 'plans/migration_plan.json: sha256 is '],
    ['a removed file', (d) => unlinkSync(join(d, 'runs/v1/execution_report.json')), 'digests', 'runs/v1/execution_report.json: missing: the manifest lists it'],
    ['an added file', (d) => writeFileSync(join(d, 'reconciliation/v1/notes.md'), 'all good\n'), 'digests', 'reconciliation/v1/notes.md: not listed in sha256_manifest.json'],
    ['an attestation forged with another key', (d) => reseal(d, other), 'attestation', 'attestation.sigstore.json: signature refused: signed by a key the trust policy does not name'],
    ['an audit chain edited and re-sealed with the trusted key', (d) => {
      const f = join(d, 'audit_chain.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"actor": "rita"', '"actor": "mallory"'));
      return reseal(d, key);
    }, 'audit-chain', 'audit_chain.json: seq 4: edited: hash mismatch at seq 4'],
    ['an audit chain rewritten below the signed anchor, re-hashed and re-sealed', (d) => {
      const f = join(d, 'audit_chain.json');
      const doc = JSON.parse(readFileSync(f, 'utf8'));
      let prev = GENESIS_HASH;
      doc.entries = doc.entries.map((e: Json) => {
        const { hash: _hash, ...rest } = e;
        const body = { ...rest, reasoning: e.seq === 1 ? 'rewritten' : e.reasoning, prev_hash: prev };
        prev = entryHash(body as never);
        return { ...body, hash: prev };
      });
      doc.head_hash = prev;
      writeFileSync(f, JSON.stringify(doc, null, 2));
      return reseal(d, key, (p) => { p.audit_head = { seq: doc.entries.at(-1).seq, hash: prev }; });
    }, 'audit-chain', 'audit_chain.json: does not extend the audit head 2:'],
  ])('names %s', async (_, change, check, message) => {
    const dir = await tamper(change);
    const run = await cli('verify', '--evidence', dir, '--repo', repo);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`  FAIL ${check}: ${message}`);
    expect(run.stderr).toContain(`error[EVIDENCE_MISMATCH]: ${message}`);
  });

  it('says a folder with no manifest is not an evidence pack (exit 2), and needs --repo outside a repository', async () => {
    const dir = await tamper((d) => unlinkSync(join(d, 'sha256_manifest.json')));
    const run = await cli('verify', '--evidence', dir, '--repo', repo);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('holds no sha256_manifest.json: it is not an evidence pack')]);
    const norepo = await cli('verify', '--evidence', dir);
    expect([norepo.code, norepo.stderr]).toEqual([2, expect.stringContaining('pass --repo DIR')]);
  });
});

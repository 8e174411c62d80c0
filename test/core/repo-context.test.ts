// MigrationContext: built from RepoFiles (in memory and on disk), never throwing on bad content.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryRepoFiles } from '../../cli/repo-files.js';
import { DEFAULT_POLICY, policyVersion } from '../../core/policy/index.js';
import { artifactMemo, buildMigrationContext, fileBytes, memoryRepoFiles, newArtifactMemo } from '../../core/repo/index.js';

const demo = join(import.meta.dirname, '..', '..', 'examples', 'demo-migration');

describe('buildMigrationContext on examples/demo-migration', () => {
  const ctx = buildMigrationContext(directoryRepoFiles(demo));

  it('loads every artifact without findings', () => {
    expect(ctx.artifacts.map((a) => [a.path, a.findings])).toEqual([
      ['project.json', []],
      ['.migration/config.yml', []],
      ['contracts/schema_mapping.yml', []],
      ['contracts/manual_decisions_required.json', []],
      ['plans/migration_plan.json', []],
      ['discovery/discovery_report.json', []],
      ['discovery/profiling_report.json', []],
    ]);
    expect(ctx.plan?.value?.plan_id).toBe('demo-orders-plan');
    expect(ctx.codeowners?.path).toBe('CODEOWNERS');
  });

  it('uses the default policy when the repository has none', () => {
    expect(ctx.policy.source).toBe('default');
    expect(policyVersion(ctx.policy.value!)).toBe(policyVersion(DEFAULT_POLICY));
  });

  it('is read-only', () => {
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.plan!.value!.steps[0])).toBe(true);
  });

  it('maps pointers to lines in YAML and JSON', () => {
    expect(ctx.lineOf('contracts/schema_mapping.yml', '/tables/1/columns/2/target_type')).toBe(22);
    expect(ctx.lineOf('plans/migration_plan.json', '/recon/sampling/seed')).toBe(25);
    expect(ctx.lineOf('nope.json', '/x')).toBe(1);
  });
});

describe('buildMigrationContext with bad files', () => {
  it.each([
    ['plans/migration_plan.json', '{\n  "plan_id": ', 'parse/json', 2],
    ['.migration/config.yml', 'roles:\n  a: [\n', 'parse/yaml', 3],
    ['project.json', '{\n  "project_id": "x"\n}', 'schema/required', 1],
    ['.migration/policy.json', '{}', 'schema/required', 1],
  ])('%s keeps its findings and has no value', (path, text, rule, line) => {
    const ctx = buildMigrationContext(memoryRepoFiles({ [path]: text }));
    const artifact = ctx.artifacts.find((a) => a.path === path)!;
    expect(artifact.value).toBeUndefined();
    expect(artifact.findings[0]).toMatchObject({ path, rule, line });
  });

  it('uses a repository policy over the default', () => {
    const p = { ...structuredClone(DEFAULT_POLICY), policy_id: 'strict' } as Record<string, unknown>;
    const ctx = buildMigrationContext(memoryRepoFiles({ '.migration/policy.json': JSON.stringify(p) }));
    expect(ctx.policy.source).toBe('repository');
    expect(ctx.policy.value?.policy_id).toBe('strict');
  });

  it('checks the lifecycle records present against their schemas', () => {
    const ctx = buildMigrationContext(memoryRepoFiles({
      'plans/signed/v1.json': '{}',
      'plans/signed/v1.sigstore.json': '{}',
      'runs/v1/execution_report.json': '{}',
      'runs/v1/log.txt': 'x',
      'reconciliation/v2/recon_report.json': '{}',
      'evidence/v1/sha256_manifest.json': '{}',
      'evidence/v1/audit_chain.json': '{}',
    }));
    expect(ctx.records.map((a) => [a.path, a.schema, a.findings.length > 0])).toEqual([
      ['plans/signed/v1.json', 'signed_plan', true],
      ['runs/v1/execution_report.json', 'execution_report', true],
      ['reconciliation/v2/recon_report.json', 'recon_report', true],
      ['evidence/v1/audit_chain.json', 'audit_chain', true],
      ['evidence/v1/sha256_manifest.json', 'sha256_manifest', true],
    ]);
    expect(ctx.artifacts.map((a) => a.path)).toContain('runs/v1/execution_report.json');
  });

  it.each<[string, Record<string, string>, number[], [number, boolean][]]>([
    ['none', {}, [], []],
    ['a readable copy with its bundle', { 'plans/signed/v1.json': '{}', 'plans/signed/v1.sigstore.json': '{}' }, [1], [[1, true]]],
    ['a readable copy without its bundle', { 'plans/signed/v1.json': '{}' }, [1], [[1, false]]],
    ['a stray bundle: its version is taken, though there is no plan to check', { 'plans/signed/v2.sigstore.json': '{}' }, [2], []],
    ['versions in numeric order, other names ignored', {
      'plans/signed/v10.json': '{}', 'plans/signed/v9.json': '{}', 'plans/signed/v0.json': '{}', 'plans/signed/old/v3.json': '{}', 'plans/signed/v4.txt': '',
    }, [9, 10], [[9, false], [10, false]]],
  ])('finds signed versions: %s', (_name, files, versions, plans) => {
    const ctx = buildMigrationContext(memoryRepoFiles(files));
    expect(ctx.signedVersions).toEqual(versions);
    expect(ctx.signedPlans.map((p) => [p.version, p.bundleText !== undefined])).toEqual(plans);
  });

  it('sorts discovery files by schema and keeps the unknown ones apart', () => {
    const ctx = buildMigrationContext(memoryRepoFiles({
      'discovery/discovery_report.json': '{}',
      'discovery/reasoning.json': '{}',
      'discovery/notes.txt': 'x',
    }));
    expect(ctx.discovery.map((a) => [a.path, a.schema])).toEqual([
      ['discovery/discovery_report.json', 'discovery_report'],
      ['discovery/reasoning.json', 'reasoning'],
    ]);
    expect(ctx.unknownFiles).toEqual(['discovery/notes.txt']);
  });
});

describe('directoryRepoFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-repo-'));
  const outside = mkdtempSync(join(tmpdir(), 'mc-outside-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  mkdirSync(join(dir, 'discovery', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'discovery', 'a.json'), 'A');
  writeFileSync(join(dir, 'discovery', 'deep', 'b.json'), 'B');
  writeFileSync(join(outside, 'secret.txt'), 'S');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'discovery', 'link.json'));

  it.each([
    ['discovery/a.json', 'A'],
    ['discovery/deep/b.json', 'B'],
    ['discovery/missing.json', undefined],
    ['discovery', undefined],
    ['../x', undefined],
  ])('read(%s)', (path, expected) => {
    expect(directoryRepoFiles(dir).read(path)).toBe(expected);
  });

  it('refuses a symlink out of the repository as bad input naming it, never reading it', () => {
    const files = directoryRepoFiles(dir);
    for (const read of [() => files.read('discovery/link.json'), () => fileBytes(files, 'discovery/link.json')]) {
      expect(read).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringMatching(/^discovery\/link\.json leads outside the repository/) }));
    }
  });

  it('gives exact bytes, and refuses as text what is not UTF-8, naming the byte offset', () => {
    const latin1 = Buffer.from([0x22, 0xe9, 0x22]);
    writeFileSync(join(dir, 'latin1.json'), latin1);
    const files = directoryRepoFiles(dir);
    expect(Buffer.from(fileBytes(files, 'latin1.json')!)).toEqual(latin1);
    expect(() => files.read('latin1.json')).toThrow('latin1.json is not valid UTF-8: byte 1 (0xe9)');
  });

  it('lists recursively and sorted', () => {
    expect(directoryRepoFiles(dir).list('discovery/')).toEqual(['discovery/a.json', 'discovery/deep/b.json']);
    expect(directoryRepoFiles(dir).list('nothing/')).toEqual([]);
  });

  it('refuses a missing directory as bad input', () => {
    expect(() => directoryRepoFiles(join(dir, 'nope'))).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
  });
});

describe('an artifact memo shared by the contexts of one judgement', () => {
  const mapping = 'version: 1\ntables: []\n';
  const head = memoryRepoFiles({ 'contracts/schema_mapping.yml': mapping, 'plans/migration_plan.json': '{"bad": ' });
  const base = memoryRepoFiles({ 'contracts/schema_mapping.yml': mapping, 'plans/migration_plan.json': '{"bad": 1' });

  it('loads a file both hold once, and each file of its own text apart', () => {
    const memo = newArtifactMemo();
    const h = buildMigrationContext(head, { memo });
    const b = buildMigrationContext(base, { memo });
    expect(b.mapping).toBe(h.mapping);
    expect(b.plan).not.toBe(h.plan);
    expect(memo.size).toBe(3);
  });

  it('judges exactly as contexts built without it', () => {
    const memo = newArtifactMemo();
    buildMigrationContext(head, { memo });
    const shared = buildMigrationContext(base, { memo });
    const alone = buildMigrationContext(base);
    expect(shared.artifacts.map((a) => [a.path, a.value, a.findings])).toEqual(alone.artifacts.map((a) => [a.path, a.value, a.findings]));
    expect(shared.artifacts.length).toBeGreaterThan(0);
  });
});

describe('the memo of a process that judges many pull requests (artifactMemo)', () => {
  const files = (mapping: string) => memoryRepoFiles({ 'contracts/schema_mapping.yml': mapping });
  /** Texts of the same length, told apart by their comment. */
  const mappingOf = (n: number) => `version: 1\ntables: []\n# ${String(n).padStart(4, '0')}\n`;

  it('answers a later judgement of the same text with the same artifact, and another text apart', () => {
    const memo = artifactMemo();
    const first = buildMigrationContext(files(mappingOf(1)), { memo });
    expect(buildMigrationContext(files(mappingOf(1)), { memo }).mapping).toBe(first.mapping);
    const other = buildMigrationContext(files(mappingOf(2)), { memo });
    expect(other.mapping).not.toBe(first.mapping);
    expect(other.mapping!.text).toBe(mappingOf(2));
  });

  it('keeps at most its bytes of text, the least recently used out', () => {
    const size = mappingOf(100).length;
    const memo = artifactMemo(size * 2);
    const a = buildMigrationContext(files(mappingOf(100)), { memo }).mapping;
    const b = buildMigrationContext(files(mappingOf(101)), { memo }).mapping;
    // a is used again, so b is the oldest when a third text comes.
    expect(buildMigrationContext(files(mappingOf(100)), { memo }).mapping).toBe(a);
    buildMigrationContext(files(mappingOf(102)), { memo });
    expect(buildMigrationContext(files(mappingOf(100)), { memo }).mapping).toBe(a);
    expect(buildMigrationContext(files(mappingOf(101)), { memo }).mapping).not.toBe(b);
  });

  it('loads a text longer than its bound without keeping it or evicting the others', () => {
    const memo = artifactMemo(mappingOf(1).length);
    const kept = buildMigrationContext(files(mappingOf(1)), { memo }).mapping;
    const long = `${mappingOf(2)}# more\n`;
    expect(buildMigrationContext(files(long), { memo }).mapping!.text).toBe(long);
    expect(memo.size).toBe(1);
    expect(buildMigrationContext(files(mappingOf(1)), { memo }).mapping).toBe(kept);
  });
});

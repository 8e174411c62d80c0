// artifactValue, for callers that cannot go on without a valid file, and the signed plan paths: every
// finding listed with its line and pointer, under the label the caller gives.
import { describe, expect, it } from 'vitest';
import type { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY } from '../../core/policy/index.js';
import {
  artifactValue, buildMigrationContext, fileBytes, memoryRepoFiles, signedPlanPaths, signedVersionOf,
} from '../../core/repo/index.js';

const policyText = (edit: (p: Record<string, unknown>) => void) => {
  const p = structuredClone(DEFAULT_POLICY) as unknown as Record<string, unknown>;
  edit(p);
  return JSON.stringify(p, null, 2);
};

function thrown(run: () => unknown): CopilotError {
  try {
    run();
  } catch (e) {
    return e as CopilotError;
  }
  throw new Error('nothing thrown');
}

describe('artifactValue', () => {
  it('returns the value of a valid artifact, and the default policy where the repository has none', () => {
    const ctx = buildMigrationContext(memoryRepoFiles({ '.migration/config.yml': 'roles: {}\nsigners: {}\nartifact_store: { kind: filesystem, path: a }\nconnections: {}\n' }));
    expect(artifactValue(ctx.config!).roles).toEqual({});
    expect(artifactValue(ctx.policy)).toBe(DEFAULT_POLICY);
  });

  it.each<[string, string, string, string | undefined, string, RegExp[]]>([
    ['a config that breaks its schema', '.migration/config.yml', 'rolez: {}\n', undefined, 'SCHEMA_INVALID',
      [/^\.migration\/config\.yml is not valid:\n/, /\n {2}\.migration\/config\.yml:1 \/: missing required property "roles"/, /\n {2}\.migration\/config\.yml:1 \/rolez: unknown property "rolez"/]],
    ['a plan that is not JSON, under a label naming the commit', 'plans/migration_plan.json', '{\n  "plan_id": ', 'plans/migration_plan.json at plan/v3', 'SCHEMA_INVALID',
      [/^plans\/migration_plan\.json at plan\/v3 is not valid:\n/, /plans\/migration_plan\.json:2 /]],
    ['a policy that breaks its schema', '.migration/policy.json', policyText((p) => { p.extra = 1; }), '.migration/policy.json at plan/v1', 'POLICY_INVALID',
      [/^\.migration\/policy\.json at plan\/v1 is not a valid policy:\n/, /\.migration\/policy\.json at plan\/v1:\d+: schema\/additionalProperties/]],
    ['a policy only its semantic checks refuse', '.migration/policy.json', policyText((p) => { p.retry = { ...(p.retry as object), base_delay_ms: 10_000, max_delay_ms: 1 }; }), undefined, 'POLICY_INVALID',
      [/^\.migration\/policy\.json is not a valid policy:\n/, /\.migration\/policy\.json:\d+: policy\/retry: base_delay_ms \(10000\) exceeds max_delay_ms/]],
  ])('refuses %s with %s, listing each finding', (_name, path, text, label, code, messages) => {
    const ctx = buildMigrationContext(memoryRepoFiles({ [path]: text }));
    const artifact = ctx.artifacts.find((a) => a.path === path)!;
    const e = thrown(() => artifactValue(artifact, label));
    expect(e.code).toBe(code);
    expect(e.exitCode).toBe(2);
    for (const m of messages) expect(e.message).toMatch(m);
    expect(e.hint).toBeTruthy();
  });
});

describe('signed plan paths', () => {
  it('names the readable copy and the bundle of a version', () => {
    expect(signedPlanPaths(12)).toEqual({ readable: 'plans/signed/v12.json', bundle: 'plans/signed/v12.sigstore.json' });
  });

  it.each([
    ['plans/signed/v1.json', 1],
    ['plans/signed/v12.sigstore.json', 12],
    ['plans/signed/v0.json', undefined],
    ['plans/signed/v1.txt', undefined],
    ['plans/signed/x/v1.json', undefined],
    ['plans/v1.json', undefined],
  ])('signedVersionOf(%s) is %s', (path, version) => {
    expect(signedVersionOf(path)).toBe(version);
  });
});

describe('fileBytes', () => {
  it('encodes the text as UTF-8 where the port has no readBytes', () => {
    const files = memoryRepoFiles({ 'a.json': '"é"' });
    expect(Buffer.from(fileBytes(files, 'a.json')!)).toEqual(Buffer.from('"é"', 'utf8'));
    expect(fileBytes(files, 'b.json')).toBeUndefined();
  });
});

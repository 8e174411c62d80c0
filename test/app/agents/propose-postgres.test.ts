// propose on the realistic PostgreSQL source for a DuckDB target, through the real commands (init,
// propose, validate): the outputs validate except for the decisions people must take, every lossy
// mapping is one of those decisions, every decision cites evidence that holds, the same inputs give
// the same bytes, and once each decision is resolved in the repository, validate passes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { ProofReport } from '../../../core/plan/proofs.js';
import type { ManualDecisionsRequired, MigrationPlan, Reasoning, SchemaMapping } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { pgServerUrl } from '../../support/db.js';
import { loadPostgresSource, type LoadedSource } from '../../support/sources.js';
import { runCli, type CliRun } from '../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'propose-pg-'));
const NOW = '2026-11-30T03:00:00.000Z';
let source: LoadedSource;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { SOURCE_URL: source.url } });
}

function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        if (n !== 'raw' && n !== 'artifacts') walk(p);
      } else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

async function newRepo(name: string): Promise<string> {
  const repo = join(dir, name);
  expect((await cli(['init', '--source', 'env:SOURCE_URL', '--target', 'duckdb:/data/target.duckdb', '--scope', 'ref.*,crm.*,sales.*,ops.*', '--dir', repo, '--name', 'shop'])).code).toBe(0);
  return repo;
}

const raw = join(dir, 'raw');

beforeAll(async () => {
  source = await loadPostgresSource(pgServerUrl());
  const scope = ['ref.*', 'crm.*', 'sales.*', 'ops.*'];
  const catalog = await discoverSource({ uri: source.url, env: {}, scope, capturedAt: NOW });
  const { profile } = await profileSourceAt({ uri: source.url, env: {}, scope, capturedAt: NOW, policy: DEFAULT_POLICY, catalog, maxRows: 50_000 });
  mkdirSync(raw, { recursive: true });
  writeFileSync(join(raw, 'source_catalog.json'), JSON.stringify(catalog));
  writeFileSync(join(raw, 'source_profile.json'), JSON.stringify(profile));
});

afterAll(async () => {
  await source?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('propose: PostgreSQL to DuckDB', () => {
  let repo: string;
  let files: Record<string, string>;

  it('init writes a repository that names connections, never their URIs', async () => {
    repo = await newRepo('a');
    const t = tree(repo);
    expect(Object.keys(t).sort()).toEqual(expect.arrayContaining(['.gitignore', '.migration/config.yml', 'CODEOWNERS', 'project.json']));
    expect(JSON.stringify(t)).not.toContain(source.database);
    expect(JSON.parse(t['project.json']!)).toMatchObject({ archetype_id: 'postgres-duckdb', state: 'CREATED' });
  });

  it('propose writes the repository layout, and validate fails only on the decisions left to people', async () => {
    const r = await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW]);
    expect(r.stderr).toMatch(/propose: wrote \d+ files/);
    expect(r.code).toBe(0);
    files = tree(repo);
    for (const p of ['discovery/discovery_report.json', 'discovery/profiling_report.json', 'contracts/schema_mapping.yml', 'contracts/manual_decisions_required.json',
      'plans/migration_plan.json', 'runbooks/cutover.md', 'runbooks/rollback.md', 'models/ops/v_recent_logins.sql', 'discovery/mapping.reasoning.json']) {
      expect(files[p], p).toBeDefined();
    }
    const v = await cli(['validate', '--repo', repo, '--format', 'json']);
    const run = JSON.parse(v.stdout) as { results: { id: string; findings: { rule: string; severity: string }[] }[] };
    const rules = new Set(run.results.flatMap((x) => x.findings.filter((f) => f.severity === 'error').map((f) => f.rule)));
    expect([...rules].sort()).toEqual(['manual-decisions/unresolved', 'type-coercion/lossy-unresolved', 'type-coercion/unknown-pair']);
  });

  it('every lossy or unknown mapping names a decision; every decision has options with consequences and evidence', () => {
    const mapping = parse(files['contracts/schema_mapping.yml']!) as SchemaMapping;
    const decisions = (JSON.parse(files['contracts/manual_decisions_required.json']!) as ManualDecisionsRequired).decisions;
    const ids = new Set(decisions.map((d) => d.id));
    const cols = mapping.tables.flatMap((t) => t.columns.map((c) => ({ t: t.source, ...c })));
    expect(cols.length).toBeGreaterThan(100);
    const payments = cols.find((c) => c.t === 'sales.orders' && c.source === 'discount_rate')!;
    expect(payments).toMatchObject({ rule: 'pg-duck.numeric.3', target_type: expect.stringMatching(/^DECIMAL\(38,[0-9]+\)$/) });
    expect(ids.has(payments.decision!)).toBe(true);
    expect(cols.find((c) => c.t === 'crm.support_tickets' && c.source === 'body_search')?.decision).toMatch(/^md-/);
    for (const d of decisions) {
      expect(d.options!.length, d.id).toBeGreaterThanOrEqual(2);
      expect(Object.keys(d.consequences!), d.id).toEqual(d.options);
      expect(d.evidence!.length, d.id).toBeGreaterThan(0);
    }
    const kinds = new Set(decisions.map((d) => d.kind));
    for (const k of ['lossy_cast', 'unknown_type', 'pii_handling', 'ambiguous_mapping', 'data_quality', 'other']) expect(kinds, k).toContain(k);
    expect(cols.find((c) => c.t === 'ops.settings' && c.source === 'order')?.target).toBe('order_');
    expect(mapping.tables.find((t) => t.source === 'ops.MixedCase')?.target).toBe('ops.mixed_case');
  });

  it('the plan copies referenced tables first, shards the largest, and runs each model after what it reads', () => {
    const plan = JSON.parse(files['plans/migration_plan.json']!) as MigrationPlan;
    const at = (id: string) => plan.steps.findIndex((s) => s.id === id);
    expect(at('copy-crm-customers')).toBeLessThan(at('copy-sales-orders'));
    expect(at('copy-ref-countries')).toBeLessThan(at('copy-crm-customers'));
    expect(plan.steps.find((s) => s.id === 'copy-sales-order-items')?.shard).toEqual({ column: 'order_id', count: 3 });
    expect(at('model-ops-v-recent-logins')).toBeGreaterThan(at('swap-ops-audit-log'));
    for (const s of plan.steps) for (const d of s.depends_on ?? []) expect(at(d), `${s.id} after ${d}`).toBeLessThan(at(s.id));
  });

  it('every reasoning decision cites something', () => {
    for (const [p, text] of Object.entries(files).filter(([p]) => p.endsWith('.reasoning.json'))) {
      const r = JSON.parse(text) as Reasoning;
      expect(r.decisions.length, p).toBeGreaterThan(0);
      for (const d of r.decisions) expect(d.citations.length, `${p} ${d.id}`).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same inputs give byte-identical files', async () => {
    const b = await newRepo('b');
    expect((await cli(['propose', '--repo', b, '--raw', raw, '--now', NOW])).code).toBe(0);
    const other = tree(b);
    const strip = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([p]) => !p.startsWith('.')));
    expect(Object.keys(strip(other)).length).toBeGreaterThan(15);
    expect(strip(other)).toEqual(strip(files));
  });

  it('takes --repo and --raw from the working directory, as every path flag', async () => {
    await newRepo('c');
    const r = await cli(['propose', '--repo', 'c', '--raw', 'raw', '--now', NOW]);
    expect(r.stderr).toMatch(/propose: wrote/);
    expect(r.code).toBe(0);
    expect(tree(join(dir, 'c'))['plans/migration_plan.json']).toBe(files['plans/migration_plan.json']);
  });

  it('once every decision is resolved in the repository, propose keeps the resolutions and validate passes', async () => {
    const path = join(repo, 'contracts/manual_decisions_required.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as ManualDecisionsRequired;
    for (const d of doc.decisions) {
      d.status = 'resolved';
      d.resolution = { choice: d.recommended!, rationale: 'the recommended option', decided_by: 'dora', decided_at: NOW };
    }
    writeFileSync(path, JSON.stringify(doc, null, 2));
    expect((await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW])).code).toBe(0);
    const again = JSON.parse(readFileSync(path, 'utf8')) as ManualDecisionsRequired;
    expect(again.decisions.filter((d) => d.status === 'open')).toEqual([]);
    const mapping = parse(readFileSync(join(repo, 'contracts/schema_mapping.yml'), 'utf8')) as SchemaMapping;
    expect(mapping.tables.find((t) => t.source === 'crm.support_tickets')?.columns.some((c) => c.source === 'body_search')).toBe(false);
    const v = await cli(['validate', '--repo', repo]);
    expect(v.stdout).toMatch(/validate: PASS/);
    expect(v.code).toBe(0);
  });
  it('gives the translated views as a dbt project too: sources with their key tests, one model per view with its dependencies', () => {
    const files = tree(repo);
    const plain = Object.keys(files).filter((p) => /^models\/.+\.sql$/.test(p) && !p.startsWith('models/dbt/')).sort();
    expect(plain.length).toBeGreaterThan(0);
    expect(parse(files['models/dbt/dbt_project.yml']!)).toMatchObject({ name: 'migration_models', 'config-version': 2, 'model-paths': ['models'] });
    const sources = parse(files['models/dbt/models/sources.yml']!) as { sources: { name: string; tables: { name: string; columns?: { name: string; data_tests: string[] }[] }[] }[] };
    const orders = sources.sources.find((x) => x.name === 'sales')?.tables.find((t) => t.name === 'orders');
    // (order_id, ordered_at): each key column not null; a single column's uniqueness would be a false test.
    expect(orders?.columns).toEqual([{ name: 'order_id', data_tests: ['not_null'] }, { name: 'ordered_at', data_tests: ['not_null'] }]);
    const singleKeyed = sources.sources.flatMap((x) => x.tables).filter((t) => t.columns?.length === 1);
    for (const t of singleKeyed) expect(t.columns![0]!.data_tests, t.name).toEqual(['not_null', 'unique']);
    const schema = parse(files['models/dbt/models/schema.yml']!) as { models: { name: string; columns: { name: string }[] }[] };
    for (const path of plain) {
      const [, viewSchema, view] = /^models\/([^/]+)\/(.+)\.sql$/.exec(path)!;
      const model = files[`models/dbt/models/${viewSchema}/${viewSchema}__${view}.sql`];
      expect(model, path).toBeDefined();
      // The same SELECT the plan runs, with dbt's config and dependency hints above it.
      const select = files[path]!.split(' AS\n')[1]!.replace(/;\n$/, '');
      expect(model!.endsWith(`${select}\n`), path).toBe(true);
      expect(model).toContain(`{{ config(materialized='view', schema='${viewSchema}', alias='${view}') }}`);
      expect(model).toMatch(/-- depends_on: \{\{ (source|ref)\(/);
      expect(schema.models.find((m) => m.name === `${viewSchema}__${view}`)?.columns.length, path).toBeGreaterThan(0);
    }
  });

  it('rewrite prove runs each translated view on the source and, translated, on DuckDB over the same rows: all proven', async () => {
    const r = await cli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--now', NOW]);
    expect(r.stderr).toMatch(/rewrite prove: (\d+) of \1 views proven/);
    expect(r.code).toBe(0);
    const proofs = JSON.parse(readFileSync(join(repo, 'models/proofs.json'), 'utf8')) as ProofReport;
    const models = Object.keys(tree(repo)).filter((p) => /^models\/.+\.sql$/.test(p) && !p.startsWith('models/dbt/')).sort();
    expect(proofs.views.map((v) => v.model).sort()).toEqual(models);
    for (const v of proofs.views) expect(v, v.view).toMatchObject({ status: 'proven', rows: { source: expect.any(Number) } });
    expect(proofs.views.find((v) => v.view === 'ops.v_recent_logins')?.rows).toEqual({ source: 50, target: 50 });
    expect(proofs.copied).toMatchObject({ 'ops.audit_log': 10000, 'sales.orders': 40000 });
    // propose reads the proofs: the RewriteAgent cites each view as proven for the very model text proven.
    expect((await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW])).code).toBe(0);
    const reasoning = JSON.parse(readFileSync(join(repo, 'discovery/rewrite.reasoning.json'), 'utf8')) as Reasoning;
    const proven = reasoning.decisions.filter((d) => /proven by execution on duckdb/.test(d.decision)).map((d) => d.subject.table).sort();
    expect(proven).toEqual(proofs.views.map((v) => v.view).sort());
  });

  it('a translation that returns other rows is a manual decision with the evidence rows, and validate fails again', async () => {
    const model = join(repo, 'models/ops/v_recent_logins.sql');
    writeFileSync(model, readFileSync(model, 'utf8').replace("'login'", "'logout'"));
    const r = await cli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--now', NOW]);
    expect(r.stdout).toMatch(/DIFFERS ops\.v_recent_logins/);
    expect(r.code).toBe(1);
    const proofs = JSON.parse(readFileSync(join(repo, 'models/proofs.json'), 'utf8')) as ProofReport;
    const v = proofs.views.find((x) => x.view === 'ops.v_recent_logins')!;
    expect(v.status).toBe('differs');
    expect(v.only_in_source!.length).toBeGreaterThan(0);
    const doc = JSON.parse(readFileSync(join(repo, 'contracts/manual_decisions_required.json'), 'utf8')) as ManualDecisionsRequired;
    const d = doc.decisions.find((x) => x.subject.table === 'ops.v_recent_logins' && x.status === 'open')!;
    expect(d).toMatchObject({ kind: 'other', raised_by: 'RewriteAgent' });
    expect(d.evidence!.some((e) => e.startsWith('only in the source: {"actor":'))).toBe(true);
    const v2 = await cli(['validate', '--repo', repo]);
    expect(v2.code).not.toBe(0);
  });
});

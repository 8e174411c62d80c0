// propose on the realistic PostgreSQL source for a PostgreSQL target, through the real commands (init,
// propose, validate): init finds the postgres-postgres archetype, same-engine types map exactly by the
// pg-pg rulebook entries (unconstrained numeric, full-text vectors, arrays, domains' base types, char(n)),
// what does not survive exactly (enum labels without their type) is a decision, validate fails only on
// those decisions, and passes once each is resolved.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHETYPES, DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { ProofReport } from '../../../core/plan/proofs.js';
import type { ManualDecisionsRequired, SchemaMapping } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { pgServerUrl } from '../../support/db.js';
import { createDatabase, pgQuery } from './scratch-db.js';
import { loadPostgresSource, type LoadedSource } from '../../support/sources.js';
import { runCli, type CliRun } from '../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'propose-pgpg-'));
const repo = join(dir, 'repo');
const raw = join(dir, 'raw');
const NOW = '2026-11-30T04:00:00.000Z';
const SCOPE = ['ref.*', 'crm.*', 'sales.*', 'ops.*'];
let source: LoadedSource;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { SOURCE_URL: source.url, TARGET_URL: pgServerUrl() } });
}

async function errorRules(): Promise<string[]> {
  const v = await cli(['validate', '--repo', repo, '--format', 'json']);
  const run = JSON.parse(v.stdout) as { results: { findings: { rule: string; severity: string }[] }[] };
  return [...new Set(run.results.flatMap((x) => x.findings.filter((f) => f.severity === 'error').map((f) => f.rule)))].sort();
}

const read = (p: string) => readFileSync(join(repo, p), 'utf8');

beforeAll(async () => {
  source = await loadPostgresSource(pgServerUrl());
  const catalog = await discoverSource({ uri: source.url, env: {}, scope: SCOPE, capturedAt: NOW });
  const { profile } = await profileSourceAt({ uri: source.url, env: {}, scope: SCOPE, capturedAt: NOW, policy: DEFAULT_POLICY, catalog, maxRows: 5_000 });
  mkdirSync(raw, { recursive: true });
  writeFileSync(join(raw, 'source_catalog.json'), JSON.stringify(catalog));
  writeFileSync(join(raw, 'source_profile.json'), JSON.stringify(profile));
});

afterAll(async () => {
  await source?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('propose: PostgreSQL to PostgreSQL', () => {
  it('init takes the postgres-postgres archetype, with merge loads, and records no URI', async () => {
    const r = await cli(['init', '--source', 'env:SOURCE_URL', '--target', 'env:TARGET_URL', '--scope', SCOPE.join(','), '--dir', repo, '--name', 'shop']);
    expect(r.stderr).toContain('postgres-postgres');
    expect(r.code).toBe(0);
    expect(JSON.parse(read('project.json'))).toMatchObject({ archetype_id: 'postgres-postgres', source: { engine: 'postgres' }, target: { engine: 'postgres' } });
    expect(read('.migration/config.yml')).not.toContain(source.database);
    expect(ARCHETYPES['postgres-postgres']?.load).toMatchObject({ mode: 'merge' });
  });

  it('maps same-engine types exactly by pg-pg rules, and leaves only what does not survive exactly to people', async () => {
    const r = await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW]);
    expect(r.stderr).toMatch(/propose: wrote \d+ files/);
    expect(r.code).toBe(0);
    const mapping = parse(read('contracts/schema_mapping.yml')) as SchemaMapping;
    expect(mapping).toMatchObject({ source_engine: 'postgres', target_engine: 'postgres' });
    const cols = mapping.tables.flatMap((t) => t.columns.map((c) => ({ t: t.source, ...c })));
    expect(cols.length).toBeGreaterThan(100);
    const col = (t: string, c: string) => cols.find((x) => x.t === t && x.source === c);
    expect(col('sales.orders', 'discount_rate')).toMatchObject({ rule: 'pg-pg.numeric.3', target_type: 'NUMERIC' });
    expect(col('sales.orders', 'discount_rate')?.decision).toBeUndefined();
    expect(col('crm.support_tickets', 'body_search')).toMatchObject({ rule: 'pg-pg.tsvector', target_type: 'TSVECTOR' });
    expect(col('sales.products', 'dimensions_cm')).toMatchObject({ rule: 'pg-pg.integer_array', target_type: 'INTEGER[]' });
    expect(col('crm.customers', 'email')).toMatchObject({ rule: 'pg-pg.text', target_type: 'TEXT' });
    expect(col('sales.products', 'list_price')).toMatchObject({ rule: 'pg-pg.numeric', target_type: 'NUMERIC(12,2)' });
    expect(col('ref.countries', 'code')).toMatchObject({ rule: 'pg-pg.char', target_type: 'CHAR(2)' });
    const tier = col('crm.customers', 'tier');
    expect(tier).toMatchObject({ rule: 'pg-pg.enum', target_type: 'TEXT', decision: expect.stringMatching(/^md-/) });
    for (const c of cols) if (c.rule) expect(c.rule, `${c.t}.${c.source}`).toMatch(/^pg-pg\./);
    const decisions = (JSON.parse(read('contracts/manual_decisions_required.json')) as ManualDecisionsRequired).decisions;
    const lossy = decisions.filter((d) => d.kind === 'lossy_cast');
    expect(lossy.map((d) => `${d.subject?.table}.${d.subject?.column}`).sort()).toEqual(cols.filter((c) => c.rule === 'pg-pg.enum').map((c) => `${c.t}.${c.source}`).sort());
    expect(decisions.filter((d) => d.kind === 'unknown_type').map((d) => d.question)).toEqual([]);
    expect(await errorRules()).toEqual(['manual-decisions/unresolved', 'type-coercion/lossy-unresolved']);
  });

  it('once every decision is resolved, validate passes', async () => {
    const path = join(repo, 'contracts/manual_decisions_required.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as ManualDecisionsRequired;
    for (const d of doc.decisions) {
      d.status = 'resolved';
      d.resolution = { choice: d.recommended!, rationale: 'the recommended option', decided_by: 'dora', decided_at: NOW };
    }
    writeFileSync(path, JSON.stringify(doc, null, 2));
    expect((await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW])).code).toBe(0);
    expect(await errorRules()).toEqual([]);
    const v = await cli(['validate', '--repo', repo]);
    expect(v.stdout).toMatch(/validate: PASS/);
    expect(v.code).toBe(0);
  });
  it('rewrite prove runs every translated view on the source and in a scratch PostgreSQL database over the same rows: all proven', { timeout: 200_000 }, async () => {
    const scratch = await createDatabase(pgServerUrl());
    try {
      const r = await runCli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--scratch', 'env:SCRATCH_URL', '--now', NOW],
        { cwd: dir, env: { SOURCE_URL: source.url, SCRATCH_URL: scratch.url } });
      expect(r.stderr).toMatch(/rewrite prove: (\d+) of \1 views proven/);
      expect(r.code).toBe(0);
      const proofs = JSON.parse(read('models/proofs.json')) as ProofReport;
      expect(proofs.views.map((v) => v.view).sort()).toEqual(['ops.v_recent_logins', 'sales.mv_daily_orders', 'sales.v_customer_revenue', 'sales.v_order_totals',
        'sales.v_revenue_by_region']);
      for (const v of proofs.views) expect(v.status, v.view).toBe('proven');
      expect(proofs.views.find((v) => v.view === 'sales.v_order_totals')?.rows).toEqual({ source: 40000, target: 40000 });
      // The scratch database is left as it was found: the schemas the proof made are gone.
      expect(await pgQuery(scratch.url, "SELECT nspname FROM pg_namespace WHERE nspname IN ('ref', 'crm', 'sales', 'ops')")).toEqual([]);
      // A scratch database that already holds one of those schemas is refused: a proof never writes into existing data.
      await pgQuery(scratch.url, 'CREATE SCHEMA sales');
      const refused = await runCli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--scratch', 'env:SCRATCH_URL', '--now', NOW],
        { cwd: dir, env: { SOURCE_URL: source.url, SCRATCH_URL: scratch.url } });
      expect(refused.stderr).toMatch(/already holds schema sales/);
      expect(refused.code).toBe(2);
    } finally {
      await scratch.drop();
    }
  });
});

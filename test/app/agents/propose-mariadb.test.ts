// propose on the realistic MariaDB source for a PostgreSQL target: two databases (MariaDB's schemas,
// sales and ops) with inline enums and sets, JSON, binary, FULLTEXT columns, generated columns, a
// partitioned table, views over views (one across the databases) and foreign keys across them, proposed
// into a repository that validates except for the decisions left to people, and validates fully once
// they are resolved. MySQL views the translator cannot print exactly in PostgreSQL are decisions, never SQL.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { ProofReport } from '../../../core/plan/proofs.js';
import type { DiscoveryReport, ManualDecisionsRequired, MigrationPlan, SchemaMapping, SourceCatalog, SourceProfile } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { mysqlServerUrl, pgServerUrl } from '../../support/db.js';
import { createDatabase } from './scratch-db.js';
import { loadMariadbSource, type MariadbSource } from '../../support/sources.js';
import { runCli, type CliRun } from '../../support/cli.js';

const server = mysqlServerUrl();
const dir = mkdtempSync(join(tmpdir(), 'propose-my-'));
const NOW = '2026-11-30T03:00:00.000Z';
let source: MariadbSource;
/** Both databases of the source, MariaDB's schemas: sales (the URL's) and ops. */
let scope: string[];

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: {} });
}

describe.skipIf(!server)('propose: MariaDB to PostgreSQL', () => {
  const repo = join(dir, 'repo');
  const raw = join(dir, 'raw');

  beforeAll(async () => {
    source = await loadMariadbSource(server!);
    scope = [`${source.databases.sales}.*`, `${source.databases.ops}.*`];
    const catalog = await discoverSource({ uri: source.url, env: {}, scope, capturedAt: NOW });
    const { profile } = await profileSourceAt({ uri: source.url, env: {}, scope, capturedAt: NOW, policy: DEFAULT_POLICY, catalog });
    mkdirSync(raw, { recursive: true });
    writeFileSync(join(raw, 'source_catalog.json'), JSON.stringify(catalog));
    writeFileSync(join(raw, 'source_profile.json'), JSON.stringify(profile));
  });

  afterAll(async () => {
    await source?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovers what MariaDB holds in both databases: inline enums, generated columns, partitions, views over views, keys across databases', () => {
    const catalog = JSON.parse(readFileSync(join(raw, 'source_catalog.json'), 'utf8')) as SourceCatalog;
    const { sales, ops } = source.databases as { sales: string; ops: string };
    const rel = (db: string, n: string) => catalog.relations.find((r) => r.schema === db && r.name === n)!;
    expect(catalog.engine).toBe('mariadb');
    expect(catalog.schemas).toEqual([sales, ops].sort());
    const tables = (db: string) => catalog.relations.filter((r) => r.schema === db && r.kind !== 'view').length;
    expect([tables(sales), tables(ops)]).toEqual([15, 10]);
    expect(rel(sales, 'orders')).toMatchObject({ kind: 'partitioned_table', primary_key: ['order_id', 'ordered_at'] });
    expect(rel(sales, 'customers').columns.find((c) => c.name === 'tier')).toMatchObject({ type_kind: 'enum', enum_values: ['bronze', 'silver', 'gold'] });
    expect(rel(sales, 'order_items').columns.find((c) => c.name === 'line_total')).toMatchObject({ generated_kind: 'virtual' });
    expect(rel(ops, 'inventory_levels').columns.find((c) => c.name === 'available')).toMatchObject({ generated_kind: 'stored' });
    expect(rel(sales, 'v_customer_revenue').depends_on).toEqual([`${sales}.customers`, `${sales}.v_order_totals`]);
    expect(rel(sales, 'order_items').foreign_keys[0]!.references).toEqual({ schema: sales, name: 'products', columns: ['product_id'] });
    // InnoDB keys and views across databases, named with the database as their schema.
    expect(rel(ops, 'support_tickets').foreign_keys.map((f) => f.references)).toEqual([{ schema: sales, name: 'customers', columns: ['customer_id'] }]);
    expect(rel(ops, 'inventory_levels').foreign_keys.map((f) => `${f.references.schema}.${f.references.name}`).sort())
      .toEqual([`${ops}.warehouses`, `${sales}.products`].sort());
    expect(rel(ops, 'v_premium_tickets').depends_on).toEqual([`${ops}.support_tickets`, `${sales}.v_premium_customers`].sort());
    const profile = JSON.parse(readFileSync(join(raw, 'source_profile.json'), 'utf8')) as SourceProfile;
    const largest = [...profile.tables].sort((a, b) => b.row_count - a.row_count)[0]!;
    expect(largest).toMatchObject({ schema: sales, name: 'order_items', row_count: 120000 });
    expect(profile.tables.find((t) => t.schema === ops && t.name === 'staff')!.columns.find((c) => c.name === 'email')!.masking).toBe('hash');
  });

  it('proposes a repository that validates once the decisions are resolved', async () => {
    expect((await cli(['init', '--source', 'mysql://u@db/shop', '--target', 'postgres://u@db/shop', '--scope', scope.join(','), '--dir', repo, '--name', 'shop'])).code).toBe(0);
    const r = await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW]);
    expect(r.stderr).toMatch(/propose: wrote/);
    const first = await cli(['validate', '--repo', repo, '--format', 'json']);
    const rules = new Set((JSON.parse(first.stdout) as { results: { findings: { rule: string; severity: string }[] }[] }).results
      .flatMap((x) => x.findings.filter((f) => f.severity === 'error').map((f) => f.rule)));
    expect([...rules].sort()).toEqual(['manual-decisions/unresolved', 'type-coercion/lossy-unresolved', 'type-coercion/unknown-pair']);
    const mapping = parse(readFileSync(join(repo, 'contracts/schema_mapping.yml'), 'utf8')) as SchemaMapping;
    expect(mapping.source_engine).toBe('mysql');
    const { sales, ops } = source.databases as { sales: string; ops: string };
    const mapped = (db: string) => mapping.tables.filter((x) => x.source.startsWith(`${db}.`)).map((x) => x.source.slice(db.length + 1));
    expect([mapped(sales).length, mapped(ops).length]).toEqual([15, 10]);
    expect(mapped(ops)).toEqual(expect.arrayContaining(['support_tickets', 'ticket_messages', 'staff', 'kb_articles']));
    // Each database becomes a PostgreSQL schema of the same name.
    expect(mapping.tables.find((x) => x.source === `${ops}.staff`)!.target).toBe(`${ops}.staff`);
    const col = (t: string, c: string, db = sales) => mapping.tables.find((x) => x.source === `${db}.${t}`)!.columns.find((x) => x.source === c)!;
    expect(col('staff', 'email', ops)).toMatchObject({ pii: 'pii', masking: 'hash' });
    expect(col('customers', 'marketing_opt_in')).toMatchObject({ rule: 'my-pg.tinyint-1', target_type: 'BOOLEAN', decision: expect.stringMatching(/^md-/) });
    expect(col('counters', 'hits')).toMatchObject({ rule: 'my-pg.bigint_unsigned', target_type: 'NUMERIC(20,0)' });
    expect(col('settings', 'key').target).toBe('key_');
    expect(col('settings', 'order').target).toBe('order_');
    const path = join(repo, 'contracts/manual_decisions_required.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as ManualDecisionsRequired;
    // The plan copies the tables of both databases, each after the tables its keys reference in the other one.
    const plan = JSON.parse(readFileSync(join(repo, 'plans/migration_plan.json'), 'utf8')) as MigrationPlan;
    const copies = plan.steps.filter((x) => x.kind === 'copy_table').map((x) => x.source_table!);
    expect(copies.filter((t) => t.startsWith(`${sales}.`)).length).toBe(15);
    expect(copies.filter((t) => t.startsWith(`${ops}.`)).length).toBe(10);
    const copyOf = (t: string) => plan.steps.find((x) => x.kind === 'copy_table' && x.source_table === t)!;
    expect(copyOf(`${ops}.support_tickets`).depends_on).toContain(copyOf(`${sales}.customers`).id);
    expect(copyOf(`${ops}.inventory_levels`).depends_on).toEqual(expect.arrayContaining([copyOf(`${sales}.products`).id, copyOf(`${ops}.warehouses`).id]));
    // Every view of either database is translated (a model the plan runs, after what it reads) or a decision with its reason.
    const models = plan.steps.filter((x) => x.kind === 'run_model').map((x) => x.target_table);
    const views = JSON.parse(readFileSync(join(raw, 'source_catalog.json'), 'utf8')) as SourceCatalog;
    for (const v of views.relations.filter((r) => r.kind === 'view').map((r) => `${r.schema}.${r.name}`)) {
      const decided = doc.decisions.some((d) => d.kind === 'other' && d.subject.table === v && d.question.includes(`View ${v} cannot be translated`));
      expect({ v, translated: models.includes(v), decided }).toEqual({ v, translated: !decided, decided });
    }
    expect(models.indexOf(`${ops}.v_premium_tickets`)).toBeGreaterThan(models.indexOf(`${sales}.v_premium_customers`));
    expect(models.indexOf(`${sales}.v_premium_customers`)).toBeGreaterThanOrEqual(0);
    for (const d of doc.decisions) {
      d.status = 'resolved';
      d.resolution = { choice: d.recommended!, rationale: 'recommended', decided_by: 'dora', decided_at: NOW };
    }
    writeFileSync(path, JSON.stringify(doc, null, 2));
    expect((await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW])).code).toBe(0);
    const v = await cli(['validate', '--repo', repo]);
    expect(v.stdout).toMatch(/validate: PASS/);
  });
  it('rewrite prove runs each translated view on MariaDB and in a scratch PostgreSQL database: the cross-database one proven, one the target rejects, which is a decision', async () => {
    const scratch = await createDatabase(pgServerUrl());
    try {
      const r = await runCli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--scratch', 'env:SCRATCH_URL', '--now', NOW],
        { cwd: dir, env: { SOURCE_URL: source.url, SCRATCH_URL: scratch.url } });
      const plan = JSON.parse(readFileSync(join(repo, 'plans/migration_plan.json'), 'utf8')) as MigrationPlan;
      const translated = plan.steps.filter((x) => x.kind === 'run_model').length;
      // v_active_customers is the one the target rejects; every other translated view is proven.
      expect(r.stderr).toMatch(new RegExp(`rewrite prove: ${translated - 1} of ${translated} views proven`));
      expect(r.code).toBe(1);
      const proofs = JSON.parse(readFileSync(join(repo, 'models/proofs.json'), 'utf8')) as ProofReport;
      const { sales, ops } = source.databases as { sales: string; ops: string };
      const db = source.database;
      expect(proofs.copied).toMatchObject({ [`${sales}.customers`]: 5000, [`${ops}.support_tickets`]: 3000 });
      expect(proofs.views.find((v) => v.view === `${sales}.v_premium_customers`)).toMatchObject({ status: 'proven', rows: { source: 3334, target: 3334 } });
      // A view of ops over a view of sales runs in PostgreSQL over the schema the other database became.
      expect(proofs.views.find((v) => v.view === `${ops}.v_premium_tickets`)).toMatchObject({ status: 'proven', rows: { source: 2000, target: 2000 } });
      // `marketing_opt_in = 1` parses in both dialects, but the column is BOOLEAN in PostgreSQL: only execution shows it.
      const wrong = proofs.views.find((v) => v.view === `${db}.v_active_customers`)!;
      expect(wrong).toMatchObject({ status: 'failed', error: expect.stringMatching(/boolean = integer/) });
      const doc = JSON.parse(readFileSync(join(repo, 'contracts/manual_decisions_required.json'), 'utf8')) as ManualDecisionsRequired;
      const d = doc.decisions.find((x) => x.subject.table === `${db}.v_active_customers` && x.status === 'open')!;
      expect(d).toMatchObject({ kind: 'other', raised_by: 'RewriteAgent' });
      expect(d.evidence!.join('\n')).toMatch(/did not run|boolean = integer/);
      expect((await cli(['validate', '--repo', repo])).code).not.toBe(0);
    } finally {
      await scratch.drop();
    }
  });
  it('with only ops in scope, the view of ops over a view of sales is a decision naming what it reads, and ops keys to sales tables order nothing', async () => {
    const { sales, ops } = source.databases as { sales: string; ops: string };
    const only = [`${ops}.*`];
    const opsRaw = join(dir, 'raw-ops');
    const opsRepo = join(dir, 'repo-ops');
    const catalog = await discoverSource({ uri: source.url, env: {}, scope: only, capturedAt: NOW });
    expect(catalog.schemas).toEqual([ops]);
    const { profile } = await profileSourceAt({ uri: source.url, env: {}, scope: only, capturedAt: NOW, policy: DEFAULT_POLICY, catalog, sampleValues: 0 });
    mkdirSync(opsRaw, { recursive: true });
    writeFileSync(join(opsRaw, 'source_catalog.json'), JSON.stringify(catalog));
    writeFileSync(join(opsRaw, 'source_profile.json'), JSON.stringify(profile));
    expect((await cli(['init', '--source', 'mysql://u@db/shop', '--target', 'postgres://u@db/shop', '--scope', only.join(','), '--dir', opsRepo, '--name', 'ops'])).code).toBe(0);
    expect((await cli(['propose', '--repo', opsRepo, '--raw', opsRaw, '--now', NOW])).stderr).toMatch(/propose: wrote/);
    const doc = JSON.parse(readFileSync(join(opsRepo, 'contracts/manual_decisions_required.json'), 'utf8')) as ManualDecisionsRequired;
    const d = doc.decisions.find((x) => x.subject.table === `${ops}.v_premium_tickets`)!;
    expect(d).toMatchObject({ kind: 'other', status: 'open' });
    expect(d.question).toContain(`${sales}.v_premium_customers`);
    expect(d.question).toMatch(/not migrated/);
    const plan = JSON.parse(readFileSync(join(opsRepo, 'plans/migration_plan.json'), 'utf8')) as MigrationPlan;
    expect(plan.steps.some((x) => x.kind === 'run_model' && x.target_table === `${ops}.v_premium_tickets`)).toBe(false);
    expect(plan.steps.filter((x) => x.kind === 'copy_table').map((x) => x.source_table!.split('.')[0])).toEqual(Array(10).fill(ops));
    const copy = plan.steps.find((x) => x.kind === 'copy_table' && x.source_table === `${ops}.support_tickets`)!;
    expect(copy.depends_on).toEqual([`create-${ops.replace(/_/g, '-')}-support-tickets`]);
    // The reviewer is told of every key into sales: the assessment names each, and nothing else is outside.
    const report = JSON.parse(readFileSync(join(opsRepo, 'discovery/discovery_report.json'), 'utf8')) as DiscoveryReport;
    const outside = report.assessment!.items.filter((i) => i.category === 'outside_scope');
    expect(outside.map((i) => i.object).sort()).toEqual([`${ops}.inventory_levels`, `${ops}.returns`, `${ops}.support_tickets`, `${ops}.warehouses`]);
    for (const i of outside) expect(i.detail).toMatch(new RegExp(`references ${sales}\\.(countries|customers|products), which is not in the scope`));
  });
});

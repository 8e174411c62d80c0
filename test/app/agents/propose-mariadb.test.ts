// propose on the realistic MariaDB source for a PostgreSQL target: the catalog (inline enums and
// sets, JSON, generated columns, a partitioned table, views over views) is proposed into a repository
// that validates except for the decisions left to people, and validates fully once they are resolved.
// MySQL views the translator cannot print exactly in PostgreSQL are decisions, never SQL.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { ProofReport } from '../../../core/plan/proofs.js';
import type { ManualDecisionsRequired, SchemaMapping, SourceCatalog } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { mysqlServerUrl, pgServerUrl } from '../../support/db.js';
import { createDatabase } from './scratch-db.js';
import { loadMariadbSource, type LoadedSource } from '../../support/sources.js';
import { runCli, type CliRun } from '../../support/cli.js';

const server = mysqlServerUrl();
const dir = mkdtempSync(join(tmpdir(), 'propose-my-'));
const NOW = '2026-11-30T03:00:00.000Z';
let source: LoadedSource;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: {} });
}

describe.skipIf(!server)('propose: MariaDB to PostgreSQL', () => {
  const repo = join(dir, 'repo');
  const raw = join(dir, 'raw');

  beforeAll(async () => {
    source = await loadMariadbSource(server!);
    const catalog = await discoverSource({ uri: source.url, env: {}, scope: [], capturedAt: NOW });
    const { profile } = await profileSourceAt({ uri: source.url, env: {}, scope: [], capturedAt: NOW, policy: DEFAULT_POLICY, catalog });
    mkdirSync(raw, { recursive: true });
    writeFileSync(join(raw, 'source_catalog.json'), JSON.stringify(catalog));
    writeFileSync(join(raw, 'source_profile.json'), JSON.stringify(profile));
  });

  afterAll(async () => {
    await source?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovers what MariaDB holds: inline enums, generated columns, partitions, views over views', () => {
    const catalog = JSON.parse(readFileSync(join(raw, 'source_catalog.json'), 'utf8')) as SourceCatalog;
    const rel = (n: string) => catalog.relations.find((r) => r.name === n)!;
    expect(catalog.engine).toBe('mariadb');
    expect(rel('orders')).toMatchObject({ kind: 'partitioned_table', primary_key: ['order_id', 'ordered_at'] });
    expect(rel('customers').columns.find((c) => c.name === 'tier')).toMatchObject({ type_kind: 'enum', enum_values: ['bronze', 'silver', 'gold'] });
    expect(rel('order_items').columns.find((c) => c.name === 'line_total')).toMatchObject({ generated_kind: 'virtual' });
    expect(rel('v_customer_revenue').depends_on).toEqual([`${source.database}.customers`, `${source.database}.v_order_totals`]);
    expect(rel('order_items').foreign_keys[0]!.references).toEqual({ schema: source.database, name: 'products', columns: ['product_id'] });
  });

  it('proposes a repository that validates once the decisions are resolved', async () => {
    expect((await cli(['init', '--source', 'mysql://u@db/shop', '--target', 'postgres://u@db/shop', '--scope', `${source.database}.*`, '--dir', repo, '--name', 'shop'])).code).toBe(0);
    const r = await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW]);
    expect(r.stderr).toMatch(/propose: wrote/);
    const first = await cli(['validate', '--repo', repo, '--format', 'json']);
    const rules = new Set((JSON.parse(first.stdout) as { results: { findings: { rule: string; severity: string }[] }[] }).results
      .flatMap((x) => x.findings.filter((f) => f.severity === 'error').map((f) => f.rule)));
    expect([...rules].sort()).toEqual(['manual-decisions/unresolved', 'type-coercion/lossy-unresolved', 'type-coercion/unknown-pair']);
    const mapping = parse(readFileSync(join(repo, 'contracts/schema_mapping.yml'), 'utf8')) as SchemaMapping;
    expect(mapping.source_engine).toBe('mysql');
    const col = (t: string, c: string) => mapping.tables.find((x) => x.source === `${source.database}.${t}`)!.columns.find((x) => x.source === c)!;
    expect(col('customers', 'marketing_opt_in')).toMatchObject({ rule: 'my-pg.tinyint-1', target_type: 'BOOLEAN', decision: expect.stringMatching(/^md-/) });
    expect(col('counters', 'hits')).toMatchObject({ rule: 'my-pg.bigint_unsigned', target_type: 'NUMERIC(20,0)' });
    expect(col('settings', 'key').target).toBe('key_');
    expect(col('settings', 'order').target).toBe('order_');
    const path = join(repo, 'contracts/manual_decisions_required.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as ManualDecisionsRequired;
    expect(doc.decisions.filter((d) => d.kind === 'other').map((d) => d.subject.table).sort()).toContain(`${source.database}.v_order_totals`);
    for (const d of doc.decisions) {
      d.status = 'resolved';
      d.resolution = { choice: d.recommended!, rationale: 'recommended', decided_by: 'dora', decided_at: NOW };
    }
    writeFileSync(path, JSON.stringify(doc, null, 2));
    expect((await cli(['propose', '--repo', repo, '--raw', raw, '--now', NOW])).code).toBe(0);
    const v = await cli(['validate', '--repo', repo]);
    expect(v.stdout).toMatch(/validate: PASS/);
  });
  it('rewrite prove runs each translated view on MariaDB and in a scratch PostgreSQL database: one proven, one the target rejects, which is a decision', async () => {
    const scratch = await createDatabase(pgServerUrl());
    try {
      const r = await runCli(['rewrite', 'prove', '--repo', repo, '--source', 'env:SOURCE_URL', '--scratch', 'env:SCRATCH_URL', '--now', NOW],
        { cwd: dir, env: { SOURCE_URL: source.url, SCRATCH_URL: scratch.url } });
      expect(r.stderr).toMatch(/rewrite prove: 1 of 2 views proven/);
      expect(r.code).toBe(1);
      const proofs = JSON.parse(readFileSync(join(repo, 'models/proofs.json'), 'utf8')) as ProofReport;
      const db = source.database;
      expect(proofs.copied).toEqual({ [`${db}.audit_log`]: 10000, [`${db}.customers`]: 5000 });
      expect(proofs.views.find((v) => v.view === `${db}.v_recent_logins`)).toMatchObject({ status: 'proven', rows: { source: 50, target: 50 } });
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
});

// A signed migration repository moving real PostgreSQL tables, for the execute tests: the example
// repository rewritten for a PostgreSQL source (schema `src`) and a DuckDB or PostgreSQL target, signed by
// signPlanForHead (what `sign` runs), committed and tagged plan/v1 with a fresh SSH key the config trusts.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildMigrationContext } from '../../../core/repo/index.js';
import { createKeySigner, signPlanForHead } from '../../../core/signing/index.js';
import { directoryRepoFiles } from '../../../cli/repo-files.js';
import { approvalsRecord, makeRepo, newKey } from '../../cli/sign-fixtures.js';

export interface ColumnSpec { readonly name: string; readonly pg: string; readonly target: string; readonly rule?: string; readonly cast?: string }
export interface TableSpec { readonly name: string; readonly columns: readonly ColumnSpec[]; readonly rows: number; readonly recon?: readonly string[] }

export interface FixtureOptions {
  readonly target: 'duckdb' | 'postgres';
  readonly sourceSchema: string;
  /** Target schema (PostgreSQL) or main (DuckDB). */
  readonly targetSchema: string;
  readonly tables: readonly TableSpec[];
  readonly chunkRows: number;
  readonly mode?: 'replace' | 'merge';
  readonly prechecks?: readonly unknown[];
  /** Extra step params of the copy steps (partition_by, ...). */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Views the plan creates after every copy: models/<path> -> its SQL, run as run_model steps (target_table: the view). */
  readonly models?: readonly { readonly path: string; readonly view: string; readonly sql: string }[];
}

export interface SignedRepo { readonly repo: string; readonly dir: string; readonly botKey: string }

export const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export async function signedRepo(o: FixtureOptions): Promise<SignedRepo> {
  const key = newKey('ed25519', 'plan-key');
  const r = await makeRepo(key);
  // A history of its own: one signed commit on main, tagged.
  await rm(join(r.repo, '.git'), { recursive: true, force: true });
  const botKey = join(r.dir, 'bot');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bot', '-f', botKey]);
  const archetype = o.target === 'duckdb' ? 'postgres-duckdb' : 'postgres-duckdb';
  const write = (p: string, v: unknown) => writeFile(join(r.repo, p), typeof v === 'string' ? v : `${JSON.stringify(v, null, 2)}\n`);
  const src = (t: TableSpec) => `${o.sourceSchema}.${t.name}`;
  const dst = (t: TableSpec) => `${o.targetSchema}.${t.name}`;
  const project = JSON.parse(await readFile(join(r.repo, 'project.json'), 'utf8'));
  await write('project.json', { ...project, archetype_id: archetype, source: { engine: 'postgres', connection: 'source' }, target: { engine: o.target, connection: 'target' }, scope: o.tables.map(src) });
  const decisions = o.target === 'postgres';
  await write('contracts/manual_decisions_required.json', { decisions: decisions ? [{
    id: 'md-001', kind: 'unknown_type', subject: { table: src(o.tables[0]!), column: o.tables[0]!.columns[0]!.name },
    question: 'PostgreSQL to PostgreSQL: the same types on both sides?', options: ['same types'], status: 'resolved',
    resolution: { choice: 'same types', rationale: 'identical engines', decided_by: 'dora', decided_at: '2026-11-21T14:30:00Z' },
  }] : [] });
  await write('contracts/schema_mapping.yml', stringify({
    version: 1, source_engine: 'postgres', target_engine: o.target,
    tables: o.tables.map((t) => ({
      source: src(t), target: dst(t), key_columns: ['id'],
      columns: t.columns.map((c) => ({ source: c.name, target: c.name, source_type: c.pg, target_type: c.target, ...(decisions ? { decision: 'md-001' } : { rule: c.rule }), ...(c.cast ? { cast: c.cast } : {}) })),
    })),
  }));
  await write('discovery/discovery_report.json', {
    project_id: project.project_id, engine: 'postgres', discovered_at: '2026-11-20T09:00:00Z', scope: o.tables.map(src),
    tables: o.tables.map((t) => ({ name: src(t), kind: 'table', row_count_estimate: t.rows, primary_key: ['id'], columns: t.columns.map((c, i) => ({ name: c.name, type: c.pg, nullable: c.name !== 'id', ordinal: i + 1 })) })),
  });
  const plan = {
    plan_id: 'exec-test-plan', version: 1, project_id: project.project_id, archetype_id: archetype,
    source: { engine: 'postgres', connection: 'source' }, target: { engine: o.target, connection: 'target' },
    ...(o.prechecks ? { prechecks: o.prechecks } : {}),
    steps: [...o.tables.flatMap((t) => [
      { id: `create-${t.name}`, kind: 'create_table', target_table: dst(t) },
      { id: `copy-${t.name}`, kind: 'copy_table', source_table: src(t), target_table: dst(t), key_columns: ['id'], mode: o.mode ?? 'replace', depends_on: [`create-${t.name}`], params: { chunk_rows: o.chunkRows, ...o.params } },
    ]), ...(o.models ?? []).map((m, i) => ({
      id: `model-${i + 1}`, kind: 'run_model', model: m.path, target_table: m.view, depends_on: o.tables.map((t) => `copy-${t.name}`),
    }))],
    recon: {
      hashing: { spec_id: 'canonical-row-hash', algorithm: 'md5', spec_version: '1.0.0' },
      segments: { count: 16, bisect_min_rows: 100 },
      sampling: { method: 'hash', rate: 0.1, seed: 'exec-test' },
      tables: o.tables.map((t) => ({ source_table: src(t), target_table: dst(t), key_columns: ['id'], ...(t.recon ? { columns: t.recon } : {}) })),
    },
    tolerances: { row_count_diff_pct: { max: 0, severity: 'Critical' }, checksum_mismatch_rows: { max: 0, severity: 'Critical' }, null_rate_diff_pct: { max: 0 }, aggregate_sum_rel_diff: { max: 0 } },
  };
  for (const m of o.models ?? []) {
    await mkdir(dirname(join(r.repo, m.path)), { recursive: true });
    await writeFile(join(r.repo, m.path), m.sql);
  }
  const planText = `${JSON.stringify(plan, null, 2)}\n`;
  await write('plans/migration_plan.json', planText);
  await writeFile(r.approvalsFile, JSON.stringify(approvalsRecord(planText), null, 2));
  const configFile = join(r.repo, '.migration/config.yml');
  const config = parse(await readFile(configFile, 'utf8'));
  const pub = (await readFile(`${botKey}.pub`, 'utf8')).trim().split(' ');
  config.signers.tag_signers = [`migration-copilot[bot] ${pub[0]} ${pub[1]}`];
  config.connections = { source: { engine: 'postgres', url: 'env:MC_SOURCE_URL' }, target: { engine: o.target, url: 'env:MC_TARGET_URL' } };
  await writeFile(configFile, stringify(config));
  // Signed through the one implementation `sign` and `/plan sign` share, with the rules as the base.
  const ctx = buildMigrationContext(directoryRepoFiles(r.repo));
  const signed = await signPlanForHead({
    head: ctx, base: ctx, approvalsRecord: { path: 'approvals.json', text: await readFile(r.approvalsFile, 'utf8') },
    signer: createKeySigner(key.privatePem), now: new Date(),
  });
  if (!signed.ok) throw new Error(`sign refused: ${signed.reasons.join('\n')}`);
  for (const f of signed.files) {
    await mkdir(dirname(join(r.repo, f.path)), { recursive: true });
    await writeFile(join(r.repo, f.path), f.text);
  }
  git(r.repo, 'init', '-q', '-b', 'main');
  git(r.repo, 'config', 'user.name', 'migration-copilot[bot]');
  git(r.repo, 'config', 'user.email', 'bot@example.com');
  git(r.repo, 'config', 'gpg.format', 'ssh');
  git(r.repo, 'config', 'user.signingkey', botKey);
  await writeFile(join(r.repo, '.gitignore'), 'runs/\nreconciliation/\nartifacts/\n');
  git(r.repo, 'add', '-A', '--', '.', ':!plans/signed');
  git(r.repo, 'commit', '-q', '-S', '-m', 'The migration, its rules and the reviewed plan');
  git(r.repo, 'add', '-A');
  git(r.repo, 'commit', '-q', '-S', '-m', 'Signed plan v1');
  git(r.repo, 'tag', '-s', '-a', 'plan/v1', '-m', 'plan v1');
  return { repo: r.repo, dir: r.dir, botKey };
}

// `migration-copilot demo --recon`: something real to reconcile in seconds. It makes a source (a DuckDB
// file, or a schema in the PostgreSQL at PG_URL when that is set) and a DuckDB target with planted
// differences, runs `recon` on them exactly as a user would, and checks that the report names the
// planted differences and nothing else. Everything it writes is in the work folder (plus that one
// schema, whose name it prints); nothing else is touched.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { CopilotError } from '../../core/errors.js';
import type { ReconReport } from '../../core/recon/report-types.js';
import type { CommandIO } from '../command.js';
import recon from '../commands/recon.js';
import { DUCK_CREATE, PG_CREATE, PLANT, PLANTED, ROWS, TABLE } from './data.js';

async function duckdbFile(path: string, sql: readonly string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    for (const s of sql) await c.run(s);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function pgSource(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    for (const s of PG_CREATE(schema)) await client.query(s);
  } catch (e) {
    throw new CopilotError('CONNECTION_FAILED', `cannot make the demo source in the PostgreSQL at PG_URL: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'unset PG_URL to run the demo on DuckDB files only, or point it at a server you may create a schema in',
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/** The keys the report names, as "kind:id", against the planted ones. */
function named(report: ReconReport): string[] {
  const t = report.tables[0]!;
  return [
    ...t.missing_keys.map((k) => `missing:${k.id}`), ...t.extra_keys.map((k) => `extra:${k.id}`),
    ...t.mismatched_rows.map((m) => `mismatched:${m.key.id}`),
  ].sort();
}

export async function runReconDemo(io: CommandIO, work: string): Promise<number> {
  const say = (s: string) => io.stderr.write(`${s}\n`);
  const targetPath = join(work, 'target.duckdb');
  let source: string;
  let table: string;
  const pgUrl = io.env.PG_URL;
  if (pgUrl) {
    const schema = `mc_demo_recon_${randomBytes(4).toString('hex')}`;
    await pgSource(pgUrl, schema);
    source = 'env:PG_URL';
    table = `${schema}.${TABLE}`;
    say(`source: ${ROWS} orders in schema ${schema} of the PostgreSQL at PG_URL (drop it with DROP SCHEMA ${schema} CASCADE)`);
  } else {
    const sourcePath = join(work, 'source.duckdb');
    await duckdbFile(sourcePath, DUCK_CREATE);
    source = `duckdb:${sourcePath}`;
    table = `main.${TABLE}`;
    say(`source: ${ROWS} orders in ${sourcePath}`);
  }
  await duckdbFile(targetPath, [...DUCK_CREATE, ...PLANT]);
  say(`target: the same orders in ${targetPath}, with ${PLANTED.length} planted differences:`);
  for (const p of PLANTED) say(`  ${p.kind} id=${p.id}: ${p.what}`);
  const out = join(work, 'recon_report.json');
  const args = ['--source', source, '--target', `duckdb:${targetPath}`, '--table', table, '--target-table', `main.${TABLE}`, '--key', 'id', '--out', out, '--format', 'md'];
  say(`\n$ migration-copilot recon ${args.join(' ')}\n`);
  const code = await recon.run(args, io);
  const report = JSON.parse(await readFile(out, 'utf8')) as ReconReport;
  const want = PLANTED.map((p) => `${p.kind}:${p.id}`).sort();
  const got = named(report);
  const exact = code === 1 && JSON.stringify(got) === JSON.stringify(want);
  say(exact
    ? `\nrecon found exactly the ${PLANTED.length} planted differences (its exit code 1 means "differences found"). The files are in ${work}.`
    : `\nrecon did not find exactly the planted differences: expected ${want.join(', ')}, got ${got.join(', ') || 'none'}.`);
  return exact ? 0 : 1;
}

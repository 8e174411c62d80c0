// Load benchmark: N rows (int key, bigint, numeric(18,4), double, text, timestamptz, boolean, date) from
// PostgreSQL into DuckDB and into PostgreSQL, end to end through the real `execute` command of a signed
// plan (gate, staging, chunk checkpoints, swap; the step's own duration is the load time, reconciliation
// after it is not counted). Baseline, in the same run: the same rows read with COPY ... TO STDOUT in Node
// and discarded. Peak RSS: the runner process's high-water mark (VmHWM, gate and reconciliation included),
// and the highest RSS sampled while the copy step ran (until its progress line says it is done), which is
// what streaming keeps flat. Each size has its own source schema (mc_bench_load_<rows>), generated once.
// Writes bench/results/load.json: rows, baseline_rows_per_s, load_rows_per_s, ratio, peak_rss_mb,
// load_peak_rss_mb, and the PostgreSQL -> PostgreSQL figures, with the load average they were measured at.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { copyOut } from '../../runner/connectors/pg-copy.js';
import { signedRepo, type ColumnSpec } from '../../test/runner/execute/fixture.js';
import { removeRepos } from '../../test/cli/sign-fixtures.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'migration-copilot.js');
const DST = 'mc_bench_load_dst';

const COLUMNS: ColumnSpec[] = [
  { name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' },
  { name: 'n', pg: 'bigint', target: 'bigint', rule: 'pg-duck.bigint' },
  { name: 'amount', pg: 'numeric(18,4)', target: 'decimal(18,4)', rule: 'pg-duck.numeric' },
  { name: 'f', pg: 'double precision', target: 'double', rule: 'pg-duck.double_precision' },
  { name: 't', pg: 'text', target: 'varchar', rule: 'pg-duck.text' },
  { name: 'ts', pg: 'timestamp with time zone', target: 'timestamp with time zone', rule: 'pg-duck.timestamp_with_time_zone' },
  { name: 'b', pg: 'boolean', target: 'boolean', rule: 'pg-duck.boolean' },
  { name: 'd', pg: 'date', target: 'date', rule: 'pg-duck.date' },
];

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

const schemaOf = (rows: number) => `mc_bench_load_${rows}`;

async function ensureSource(url: string, rows: number): Promise<void> {
  const schema = schemaOf(rows);
  const have = await sql(url, `SELECT count(*)::int AS n FROM ${schema}.t`).then((r) => r.rows[0].n as number).catch(() => -1);
  if (have === rows) return;
  console.log(`generating ${rows} rows in ${schema}.t ...`);
  await sql(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.t (id integer PRIMARY KEY, n bigint, amount numeric(18,4), f double precision, t text, ts timestamptz, b boolean, d date);
    INSERT INTO ${schema}.t SELECT g, g::bigint * 7919, round((g * 1.0001)::numeric, 4), g / 3.0, md5(g::text),
      timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 2 = 0, date '2000-01-01' + g % 9000 FROM generate_series(1, ${rows}) g;
    ANALYZE ${schema}.t;`);
}

async function baseline(url: string, schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await c.connect();
  try {
    const t0 = process.hrtime.bigint();
    let bytes = 0;
    for await (const b of copyOut(c, `COPY (SELECT * FROM ${schema}.t) TO STDOUT WITH (FORMAT csv)`)) bytes += b.length;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (bytes === 0) throw new Error('baseline read nothing');
    return s;
  } finally {
    await c.end();
  }
}

interface Run { readonly seconds: number; readonly peakRssMb: number; readonly loadPeakRssMb: number }

/** Runs `execute` on the repo; returns the copy step's duration, the process's peak RSS and the copy step's, in MB. */
function execute(repo: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'execute', '--repo', repo, '--tag', 'plan/v1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    // The copy step is over when its own line (not a progress line) appears on stderr (pino JSON lines).
    let copying = true;
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      if (copying && err.split('\n').some((l) => l.includes('"step":"copy-t"') && !l.includes('"msg":"progress"'))) copying = false;
    });
    child.stdout.on('data', () => {});
    let peak = 0;
    let loadPeak = 0;
    const timer = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
        const rss = /VmRSS:\s+(\d+) kB/.exec(status);
        if (rss && copying) loadPeak = Math.max(loadPeak, Number(rss[1]) / 1024);
      } catch { /* exited */ }
    }, 20);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`execute exited ${code}: ${err}`));
      const report = JSON.parse(readFileSync(join(repo, 'runs/v1/execution_report.json'), 'utf8'));
      const step = report.steps.find((s: { kind: string }) => s.kind === 'copy_table');
      resolve({ seconds: step.duration_ms / 1000, peakRssMb: Math.round(peak), loadPeakRssMb: Math.round(loadPeak) });
    });
  });
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { rows: { type: 'string', default: '1000000' }, 'chunk-rows': { type: 'string', default: '250000' } } });
  const rows = Number(values.rows);
  const chunkRows = Number(values['chunk-rows']);
  const url = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = schemaOf(rows);
  await ensureSource(url, rows);
  await sql(url, `DROP SCHEMA IF EXISTS ${DST} CASCADE; CREATE SCHEMA ${DST}`);
  try {
    const table = [{ name: 't', columns: COLUMNS, rows }];
    const duck = await signedRepo({ target: 'duckdb', sourceSchema: schema, targetSchema: 'main', chunkRows, tables: table });
    const pgRepo = await signedRepo({ target: 'postgres', sourceSchema: schema, targetSchema: DST, chunkRows, tables: table.map((t) => ({ ...t, columns: COLUMNS.map((c) => ({ name: c.name, pg: c.pg, target: c.pg })) })) });
    const base = await baseline(url, schema);
    const toDuck = await execute(duck.repo, { MC_SOURCE_URL: url, MC_TARGET_URL: `duckdb:${join(duck.dir, 'target.duckdb')}` });
    const toPg = await execute(pgRepo.repo, { MC_SOURCE_URL: url, MC_TARGET_URL: url });
    const base2 = await baseline(url, schema);
    const baselineS = Math.min(base, base2);
    const r = (x: number) => Math.round(x);
    const result = {
      rows, chunk_rows: chunkRows,
      baseline_rows_per_s: r(rows / baselineS),
      load_rows_per_s: r(rows / toDuck.seconds),
      ratio: Math.round((baselineS / toDuck.seconds) * 1000) / 1000,
      peak_rss_mb: toDuck.peakRssMb,
      load_peak_rss_mb: toDuck.loadPeakRssMb,
      postgres: { load_rows_per_s: r(rows / toPg.seconds), ratio: Math.round((baselineS / toPg.seconds) * 1000) / 1000, peak_rss_mb: toPg.peakRssMb, load_peak_rss_mb: toPg.loadPeakRssMb },
      load_average: loadavg().map((x) => Math.round(x * 100) / 100),
      measured_at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const file = join(ROOT, 'bench/results/load.json');
    let all: Record<string, unknown> = {};
    try { all = JSON.parse(readFileSync(file, 'utf8')); } catch { /* first run */ }
    all[String(rows)] = result;
    Object.assign(all, result);
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    return 0;
  } finally {
    await sql(url, `DROP SCHEMA IF EXISTS ${DST} CASCADE`);
    await removeRepos();
  }
}

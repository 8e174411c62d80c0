// Reconciliation benchmark: PostgreSQL source and DuckDB target of N rows, generated on each side, keyed
// by an integer, a text (md5 hex), a uuid or a composite (text, date) key (--key).
// Baseline (the scan limit): one pass of the same canonical row-hash aggregate on each engine, run
// concurrently. Figures: identical tables, ten scattered differences (keys found, bytes moved), the
// duplicate-key pass, two shards against one process (CLI processes), a naive stream-both-into-Node
// comparison, and the peak RSS of the reconciling process. Results go under the key kind in
// bench/results/recon.json, with the load average they were measured at.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileRowHash, DEFAULT_HASHING_SPEC, uuidIsOwnOrdinal } from '../../core/hashing/index.js';
import { defaultAggregates } from '../../core/recon/aggregates.js';
import { duplicateKeysSql, tableChecksumSql, type SideSql } from '../../core/recon/queries.js';
import type { ReadConnection } from '../../runner/connectors/connection.js';
import { openConnection } from '../../runner/connectors/open.js';
import { resolveColumns } from '../../runner/recon/columns.js';
import { ReconciliationRunner } from '../../runner/recon/runner.js';
import { provenUnique } from '../../runner/recon/unique.js';
import { diff10Sql, KEY_KINDS, keyColumns, PG_SCHEMA, tableName, type KeyKind } from './data.js';
import { naiveCompare } from './naive.js';
import { cpuPasses } from './passes.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const v = await f();
  return [Number(process.hrtime.bigint() - t0) / 1e9, v];
}

async function best<T>(times: number, f: () => Promise<T>): Promise<[number, T]> {
  let out: [number, T] | undefined;
  for (let i = 0; i < times; i++) {
    const r = await timed(f);
    if (!out || r[0] < out[0]) out = r;
  }
  return out!;
}

/** Peak RSS (which includes DuckDB's buffer pool: the target engine runs in this process) and JS heap. */
function memorySampler() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed + m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 10);
  return { stop: () => { clearInterval(timer); sample(); return { rss: rss / 2 ** 20, heap: heap / 2 ** 20 }; } };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

const BIN = join(new URL('../../', import.meta.url).pathname, 'bin', 'migration-copilot.js');

/** Runs the CLI (a fresh process each), all at once; the wall time until the last one ends. */
function cliRuns(argsList: string[][]): Promise<number> {
  const t0 = process.hrtime.bigint();
  return Promise.all(argsList.map((args) => new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`recon ${args.join(' ')} exited ${code}: ${err}`))));
  }))).then(() => Number(process.hrtime.bigint() - t0) / 1e9);
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: {
    rows: { type: 'string', default: '1000000' }, pg: { type: 'string' }, regenerate: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '2' }, key: { type: 'string', default: 'int' }, 'skip-shards': { type: 'boolean', default: false },
    'skip-naive': { type: 'boolean', default: false }, 'cpu-passes': { type: 'boolean', default: false },
  } });
  const rows = Number(values.rows);
  const kind = values.key as KeyKind;
  if (!KEY_KINDS.includes(kind)) {
    console.error(`--key must be one of ${KEY_KINDS.join(', ')}`);
    return 2;
  }
  const pgUrl = values.pg ?? process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const duckPath = join(ROOT, 'bench', '.data', `recon_${kind}_${rows}.duckdb`);
  const repeat = Number(values.repeat);
  const table = tableName(kind, rows);
  const key = keyColumns(kind);
  const loadBefore = loadavg()[0]!;

  if (values.regenerate || !existsSync(duckPath)) {
    console.log(`generating ${rows} rows (${kind} key) in PostgreSQL (${PG_SCHEMA}.${table}) and DuckDB (${duckPath}) ...`);
    const g = spawnSync(process.execPath, [join(ROOT, 'bench', 'run.js'), 'recon-generate', kind, String(rows), pgUrl, duckPath], { stdio: 'inherit' });
    if (g.status !== 0) return 3;
  }

  const source = await openConnection(pgUrl, {});
  const target = await openConnection(`duckdb:${duckPath}`, {});
  const conns: ReadConnection[] = [source, target];
  try {
    const src = { schema: PG_SCHEMA, name: table };
    const tgt = { schema: 'main', name: table };
    const cols = resolveColumns({ key },
      { dialect: source.dialect, table: src, catalog: await source.describe(src), location: source.location },
      { dialect: target.dialect, table: tgt, catalog: await target.describe(tgt), location: target.location });
    // Compiled as the runner compiles them (a uuid on both sides is its own ordinal); the scan limit reads only the row hash.
    const ordinal = { ownUuidOrdinal: uuidIsOwnOrdinal(cols.sourceKey, cols.targetKey) };
    const side = (c: ReadConnection, rel: string, key: typeof cols.sourceKey, other: typeof cols.sourceCols): SideSql =>
      ({ dialect: c.dialect, relation: rel, hash: compileRowHash(c.dialect, DEFAULT_HASHING_SPEC, key, other, ordinal) });
    const sSide = side(source, source.relation(src), cols.sourceKey, cols.sourceCols);
    const tSide = side(target, target.relation(tgt), cols.targetKey, cols.targetCols);
    if (values['cpu-passes']) {
      // CPU seconds of each statement instead of the wall-time figures (nothing is written).
      const aggs = defaultAggregates(cols.sourceCols);
      const passes = await cpuPasses({
        pgUrl, rows, source: sSide, target: { conn: target, sql: tSide },
        aggregates: aggs, aggregatesTarget: aggs.map((a, i) => ({ ...a, column: cols.targetCols[i]! })),
      }, Math.max(3, repeat));
      for (const [k, v] of Object.entries(passes)) console.log(`${k.padEnd(24)} postgres ${v.postgres.toFixed(2)} s  duckdb ${v.duckdb.toFixed(2)} s  (CPU)`);
      console.log(`load average ${loadBefore} -> ${loadavg()[0]}`);
      return 0;
    }
    const scan = () => Promise.all([source.query(tableChecksumSql(sSide)), target.query(tableChecksumSql(tSide))]);

    await scan(); // warm caches on both sides
    const memory = memorySampler();
    const [scanLimit, sums] = await best(repeat, scan);
    if (JSON.stringify(sums[0]) !== JSON.stringify(sums[1])) throw new Error(`generated tables differ: ${JSON.stringify(sums)}`);

    const runner = new ReconciliationRunner(source, target);
    const [identical, idReport] = await best(repeat, () => runner.reconcileTable({ source: src, target: tgt, key }));
    if (idReport.differs) throw new Error(`identical tables did not match: ${JSON.stringify(idReport.differences)}`);
    const noAgg = new ReconciliationRunner(source, target, { aggregates: false });
    const [identicalNoAgg] = await best(repeat, () => noAgg.reconcileTable({ source: src, target: tgt, key }));
    // What duplicate detection costs the runner: the catalog look-ups that find the source's primary key
    // (which makes a pass unnecessary), and, for tables with no constraint on either side, the pass.
    const [duplicateProof] = await best(repeat, () => Promise.all([provenUnique(source, src, key), provenUnique(target, tgt, key)]));
    const [duplicateCheck] = await best(repeat, () => target.query(duplicateKeysSql(tSide, 1000)));

    const expected = diff10Sql(kind, rows).keys.map((k) => JSON.stringify(k)).sort();
    const before = source.stats.bytes + target.stats.bytes;
    // Best of `repeat` like the other figures (each run moves the same bytes).
    const [diff10, dReport] = await best(repeat, () => runner.reconcileTable({ source: src, target: { ...tgt, name: `${table}_diff10` }, key }));
    const diffBytes = Math.round((source.stats.bytes + target.stats.bytes - before) / repeat);
    const found = [...dReport.missing_keys, ...dReport.extra_keys, ...dReport.mismatched_rows.map((m) => m.key)].map((k) => JSON.stringify(k)).sort();
    const keysFound = found.filter((k) => expected.includes(k)).length;
    const exact = keysFound === 10 && found.length === 10;
    const peak = memory.stop();

    // One process against two shards (--shard 1/2 and 2/2 at once), each a fresh CLI process on the identical tables.
    let single: number | null = null;
    let sharded: number | null = null;
    let merge: number | null = null;
    if (!values['skip-shards']) {
      const work = mkdtempSync(join(tmpdir(), 'mc-bench-shards-'));
      const args = ['recon', '--source', pgUrl, '--target', `duckdb:${duckPath}`, '--table', `${PG_SCHEMA}.${table}`, '--target-table', `main.${table}`, '--key', key.join(',')];
      try {
        [single] = await best(repeat, () => cliRuns([[...args, '--out', join(work, 'one.json')]]));
        [sharded] = await best(repeat, () => cliRuns([1, 2].map((i) => [...args, '--shard', `${i}/2`, '--out', join(work, `s${i}.json`)])));
        [merge] = await best(repeat, () => cliRuns([['recon', 'merge', '--out', join(work, 'merged.json'), join(work, 's1.json'), join(work, 's2.json')]]));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }

    // The naive comparison sorts both tables by key; DuckDB gets room for that sort (the reconciling
    // connection keeps its default cap).
    let naive: number | null = null;
    let naiveDiffs: number | null = null;
    let naiveBytes: number | null = null;
    if (!values['skip-naive'] && kind === 'int') {
      const naiveTarget = await openConnection(`duckdb:${duckPath}?memory_limit=4GB`, {});
      conns.push(naiveTarget);
      const nb = source.stats.bytes;
      [naive, naiveDiffs] = await timed(() => naiveCompare(
        { conn: source, relation: source.relation(src), columns: [...cols.sourceKey, ...cols.sourceCols] },
        { conn: naiveTarget, relation: naiveTarget.relation({ ...tgt, name: `${table}_diff10` }), columns: [...cols.targetKey, ...cols.targetCols] },
      ));
      naiveBytes = source.stats.bytes - nb + naiveTarget.stats.bytes;
    }

    const result = {
      key: kind,
      rows,
      scan_limit_s: r3(scanLimit),
      identical_s: r3(identical),
      ratio_identical: r3(identical / scanLimit),
      identical_no_aggregates_s: r3(identicalNoAgg),
      ratio_identical_no_aggregates: r3(identicalNoAgg / scanLimit),
      diff10_s: r3(diff10),
      ratio_diff10: r3(diff10 / scanLimit),
      duplicate_proof_s: r3(duplicateProof),
      ratio_duplicate_proof_to_identical: r3(duplicateProof / identical),
      duplicate_pass_without_constraint_s: r3(duplicateCheck),
      ratio_duplicate_pass_to_identical: r3(duplicateCheck / identical),
      diff10_keys_found: keysFound,
      diff10_exact: exact,
      bytes_moved: diffBytes,
      naive_bytes: naiveBytes,
      bytes_moved_fraction: naiveBytes === null ? null : Number((diffBytes / naiveBytes).toPrecision(4)),
      naive_s: naive === null ? null : r3(naive),
      naive_differences: naiveDiffs,
      speedup_vs_naive: naive === null ? null : r3(naive / diff10),
      cli_one_process_s: single === null ? null : r3(single),
      cli_two_shards_s: sharded === null ? null : r3(sharded),
      ratio_two_shards: single === null || sharded === null ? null : r3(sharded / single),
      cli_merge_s: merge === null ? null : r3(merge),
      peak_rss_mb: Math.round(peak.rss),
      peak_js_heap_mb: Math.round(peak.heap),
      load_average: [r3(loadBefore), r3(loadavg()[0]!)],
      measured_at: new Date().toISOString(),
      node: process.version,
    };
    // null: not measured in this run (skipped by a flag, or not applicable to the key kind).
    const goals: [string, boolean | null][] = [
      ['identical <= 1.3x scan limit', result.ratio_identical <= 1.3],
      ['diff10 <= 1.6x scan limit', result.ratio_diff10 <= 1.6],
      ['all 10 keys found, nothing more', exact],
      ['duplicate-key detection <= 5% of identical', result.ratio_duplicate_proof_to_identical <= 0.05],
      ['under 2% of bytes moved', result.bytes_moved_fraction === null ? null : result.bytes_moved_fraction < 0.02],
      ['>= 5x faster than naive', result.speedup_vs_naive === null ? null : result.speedup_vs_naive >= 5],
      ['two shards <= 0.65 of one process', result.ratio_two_shards === null ? null : result.ratio_two_shards <= 0.65],
    ];
    for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(32)} ${v}`);
    for (const [goal, ok] of goals) console.log(`${ok === null ? 'skipped' : ok ? 'met    ' : 'NOT MET'} ${goal}`);

    const outDir = join(ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'recon.json');
    const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, { by_rows?: Record<string, typeof result> }> : {};
    const previous = all[kind] ?? {};
    const byRows = { ...(previous.by_rows ?? {}), [String(rows)]: result };
    // The goal compares 1M with 5M rows; otherwise the smallest and largest sizes measured.
    const sizes = Object.keys(byRows).map(Number).sort((a, b) => a - b);
    const lo = byRows['1000000'] && byRows['5000000'] ? 1_000_000 : sizes[0]!;
    const hi = byRows['1000000'] && byRows['5000000'] ? 5_000_000 : sizes.at(-1)!;
    const growth = (k: 'peak_rss_mb' | 'peak_js_heap_mb') => (lo !== hi && byRows[String(lo)]![k] ? r3(byRows[String(hi)]![k] / byRows[String(lo)]![k]) : null);
    const rssGrowth = growth('peak_rss_mb');
    const heapGrowth = growth('peak_js_heap_mb');
    if (rssGrowth !== null) console.log(`${'peak_rss_growth'.padEnd(32)} ${rssGrowth} (${lo} -> ${hi} rows; goal <= 1.2)`);
    if (heapGrowth !== null) console.log(`${'peak_js_heap_growth'.padEnd(32)} ${heapGrowth} (${lo} -> ${hi} rows)`);
    const entry = { ...result, peak_rss_growth: rssGrowth, peak_js_heap_growth: heapGrowth, growth_rows: [lo, hi], by_rows: byRows };
    const kinds = Object.fromEntries(Object.entries(all).filter(([k]) => (KEY_KINDS as readonly string[]).includes(k)));
    writeFileSync(file, `${JSON.stringify({ ...kinds, [kind]: entry }, null, 2)}\n`);
    return 0;
  } finally {
    for (const c of conns) await c.close();
  }
}

// Where reconciliation's time goes, in CPU seconds rather than wall time (which another job on the machine
// changes): each statement of a run on the benchmark tables, PostgreSQL in one backend without parallel
// workers (its /proc stat), DuckDB in this process (process.cpuUsage), median of `repeat` runs. Statements:
// the scan limit's row-hash aggregate, the first segment pass, the per-column aggregates, and a leaf pass
// over ten first-pass buckets (ten key ranges for an integer key or a uuid that is its own ordinal, ten key
// tails for a key hashed for its ordinal, whose first pass is by tail).
import pg from 'pg';
import {
  aggregateSql, bucketSql, leafStreamSql, tableChecksumSql, tailBucketSql, type AggregateColumn, type RowFilter, type SideSql,
} from '../../core/recon/queries.js';
import { bucketCount, bucketRange, firstGrid, hexGrid, type Grid } from '../../core/recon/segments.js';
import type { ReadConnection } from '../../runner/connectors/connection.js';
import { processCpuMs } from '../proc-cpu.js';

export interface PassSides {
  readonly pgUrl: string;
  readonly source: SideSql;
  readonly target: { readonly conn: ReadConnection; readonly sql: SideSql };
  readonly aggregates: readonly AggregateColumn[];
  readonly aggregatesTarget: readonly AggregateColumn[];
  readonly rows: number;
}

function gridOf(s: SideSql, rows: number): Grid {
  return s.hash.ordinalHex !== undefined ? hexGrid(BigInt(rows)) : firstGrid({ lo: 2n, hi: BigInt(2 * rows) }, BigInt(rows));
}

/** Ten buckets spread over the first grid, as the leaf pass would read them. */
function leafFilter(s: SideSql, grid: Grid): RowFilter {
  const ids = Array.from({ length: 10 }, (_, i) => (BigInt(i + 1) * 997n) % bucketCount(grid)).sort((a, b) => (a < b ? -1 : 1));
  const ranges = s.hash.ordinalKind === 'integer' || s.hash.ordinalKind === 'uuid';
  return ranges ? { kind: 'ranges', ranges: ids.map((id) => bucketRange(grid, id)) } : { kind: 'buckets', sets: [{ grid, ids }] };
}

export async function cpuPasses(p: PassSides, repeat: number): Promise<Record<string, { postgres: number; duckdb: number }>> {
  const client = new pg.Client({ connectionString: p.pgUrl });
  await client.connect();
  try {
    await client.query("SET jit = off; SET work_mem = '64MB'; SET enable_sort = off; SET max_parallel_workers_per_gather = 0; SET TimeZone = 'UTC'");
    const pid = Number((await client.query('SELECT pg_backend_pid() AS p')).rows[0].p);
    const ticks = () => {
      const ms = processCpuMs(pid);
      if (ms === undefined) throw new Error(`bench recon --cpu-passes reads PostgreSQL's CPU from /proc/${pid}/stat: run it on the database's machine (Linux)`);
      return ms / 1000;
    };
    // Ten of the source's key tails, spread over them as ten differences would be.
    const tails = p.source.hash.keyTail === undefined ? undefined
      : (await client.query(tailBucketSql(p.source, { kind: 'all' }))).rows.map((r: { b: string }) => r.b).sort().filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 10)) === 0).slice(0, 10);
    const statements = (s: SideSql, aggs: readonly AggregateColumn[]) => {
      const grid = gridOf(s, p.rows);
      return {
        scan_limit: tableChecksumSql(s),
        first_pass: tails ? tailBucketSql(s, { kind: 'all' }) : bucketSql(s, grid, { kind: 'all' }),
        aggregates: aggregateSql(s, aggs),
        leaf_pass_10_buckets: leafStreamSql(s, tails ? { kind: 'all', tails } : leafFilter(s, grid)),
      };
    };
    const source = statements(p.source, p.aggregates);
    const target = statements(p.target.sql, p.aggregatesTarget);
    const runs: Record<string, { postgres: number[]; duckdb: number[] }> = {};
    for (let i = 0; i < repeat; i++) {
      for (const name of Object.keys(source) as (keyof typeof source)[]) {
        const t0 = ticks();
        await client.query(source[name]);
        const pgCpu = ticks() - t0;
        const c0 = process.cpuUsage();
        await p.target.conn.query(target[name]);
        const c = process.cpuUsage(c0);
        const r = (runs[name] ??= { postgres: [], duckdb: [] });
        r.postgres.push(pgCpu);
        r.duckdb.push((c.user + c.system) / 1e6);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { postgres: Math.round(median(v.postgres) * 100) / 100, duckdb: Math.round(median(v.duckdb) * 100) / 100 }]));
  } finally {
    await client.end();
  }
}

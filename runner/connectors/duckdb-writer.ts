// DuckDB as a write target (a file, created when absent, or :memory:). A chunk is spooled to a CSV file
// beside the database (streamed, not held in memory) and loaded with read_csv into staging, every column
// read as text and cast to its mapped type by DuckDB, inside one transaction with the delete of its range.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdb as dialect } from '../../core/dialects/duckdb.js';
import { deleteRangeSql } from '../../core/plan/write-sql.js';
import { loadExpr } from '../../core/plan/transfer.js';
import { assertGrant } from '../gate/write-grant.js';
import type { Redactor } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { csvOfRows } from './csv.js';
import { driverError } from './errors.js';
import { inTransaction } from './transaction.js';
import type { ChunkLoad, WriteConnection } from './writer.js';

async function spool(chunks: AsyncIterable<Buffer>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  try {
    for await (const c of chunks) {
      bytes += c.length;
      if (!out.write(c)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return bytes;
}

export async function openDuckdbWriter(path: string, redactor: Redactor, memoryLimit = '256MB'): Promise<WriteConnection> {
  const location = `duckdb:${path}`;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit, threads: '2' });
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', location, redactor);
  }
  const spoolDir = await mkdtemp(join(tmpdir(), 'mc-duckdb-load-'));
  const run = async (sql: string) => {
    try {
      return await conn.runAndReadAll(sql);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', location, redactor);
    }
  };
  const transaction = <T>(work: () => Promise<T>): Promise<T> => inTransaction(run, () => conn.run('ROLLBACK'), 'BEGIN TRANSACTION', work);
  return {
    engine: 'duckdb', dialect, location, accepts: 'csv',
    async tableExists(t) {
      const r = await run(`SELECT count(*)::VARCHAR AS n FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(t.schema ?? 'main')} AND table_name = ${dialect.stringLiteral(t.name)}`);
      return (r.getRowObjectsJson()[0]?.n as string) !== '0';
    },
    async describe(t) {
      return catalogFrom(toRows((await run(dialect.columnsQuery(t))).getRowObjectsJson() as Record<string, unknown>[], newStats()));
    },
    async scalar(sql) {
      // Read-only by construction: whatever the query does is rolled back.
      await run('BEGIN TRANSACTION');
      let row;
      try {
        row = (await run(sql)).getRows()[0];
      } finally {
        await conn.run('ROLLBACK').catch(() => undefined);
      }
      const v = row?.[0];
      return v === null || v === undefined ? null : String(v);
    },
    async transaction(grant, statements) {
      assertGrant(grant);
      await transaction(async () => { for (const s of statements) await run(s); });
    },
    async loadChunk(grant, load: ChunkLoad) {
      assertGrant(grant);
      const file = join(spoolDir, `chunk-${randomBytes(6).toString('hex')}.csv`);
      const names = load.columns.map((c) => c.target);
      try {
        const bytes = await spool(load.input.kind === 'csv' ? load.input.chunks : csvOfRows(load.input.batches, names), file);
        return await transaction(async () => {
          await run(deleteRangeSql(dialect, load.staging, load.key, load.range));
          if (bytes === 0) return 0;
          const spec = load.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
          const exprs = load.columns.map((c, i) => loadExpr('duckdb', c, `c${i}`)).join(', ');
          const cols = names.map((n) => dialect.quoteIdent(n)).join(', ');
          const r = await run(`INSERT INTO ${dialect.quoteTable(load.staging)} (${cols}) SELECT ${exprs} FROM read_csv(${dialect.stringLiteral(file)}, ` +
            `header = false, auto_detect = false, columns = {${spec}}, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, new_line = '\\n')`);
          return Number(r.rowsChanged);
        });
      } finally {
        await rm(file, { force: true });
      }
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}

// DuckDB as a write target (a file, created when absent, or :memory:). A chunk arrives as CSV part files
// (the copy step spools them while the earlier parts are inserted) or as a stream, which goes through the
// same PartSpool here (streamed, not held in memory); read_csv loads each batch of parts into staging in
// one INSERT (core/plan/transfer.ts duckdbCsvInsertSql: a column read typed where DuckDB's reader parses it
// exactly as the cast does, else as text and cast), all batches inside one transaction with the delete
// of the chunk's range (sql-writer.ts).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdb as dialect } from '../../core/dialects/duckdb.js';
import { CopilotError } from '../../core/errors.js';
import { duckdbCsvInsertSql } from '../../core/plan/transfer.js';
import { assertGrant } from '../gate/write-grant.js';
import type { Redactor } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { csvOfRows } from './csv.js';
import { driverError } from './errors.js';
import { PartSpool } from './spool.js';
import { sqlWrites } from './sql-writer.js';
import type { ChunkLoad, WriteConnection } from './writer.js';

export async function openDuckdbWriter(path: string, redactor: Redactor, memoryLimit = '128MB'): Promise<WriteConnection> {
  const location = `duckdb:${path}`;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    // Staging has no order to keep: without it DuckDB inserts in parallel with less memory. The buffer pool
    // is capped at 128 MB: inserts stream through it, so a bigger pool only caches more of the table, and
    // the process grows with the table until the pool is full (bench/load: README's load benchmark).
    instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit, threads: '2', preserve_insertion_order: 'false' });
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
  const writes = sqlWrites({
    dialect, run, rollback: () => conn.run('ROLLBACK'), begin: 'BEGIN TRANSACTION', beginReadOnly: 'BEGIN TRANSACTION',
    first: async (sql) => (await run(sql)).getRows()[0]?.[0],
  }, async (load) => {
    if (load.input.kind !== 'parts') throw new CopilotError('INTERNAL', 'DuckDB loads spooled CSV parts');
    let rows = 0;
    for await (const batch of load.input.parts) {
      const files = batch.filter((p) => p.bytes > 0).map((p) => p.path);
      if (files.length === 0) continue;
      rows += Number((await run(duckdbCsvInsertSql(load.staging, load.columns, files))).rowsChanged);
    }
    return rows;
  });
  return {
    engine: 'duckdb', dialect, location, accepts: 'parts',
    async tableExists(t) {
      const r = await run(`SELECT count(*)::VARCHAR AS n FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(t.schema ?? 'main')} AND table_name = ${dialect.stringLiteral(t.name)}`);
      return (r.getRowObjectsJson()[0]?.n as string) !== '0';
    },
    async describe(t) {
      return catalogFrom(toRows((await run(dialect.columnsQuery(t))).getRowObjectsJson() as Record<string, unknown>[], newStats()));
    },
    scalar: writes.scalar,
    transaction: writes.transaction,
    async loadChunk(grant, load: ChunkLoad) {
      assertGrant(grant);
      if (load.input.kind === 'parts') return writes.loadChunk(grant, load);
      if (load.input.kind === 'pg-binary') throw new CopilotError('INTERNAL', 'the DuckDB writer loads CSV or rows, not PostgreSQL binary COPY');
      const chunks = load.input.kind === 'csv' ? load.input.chunks : csvOfRows(load.input.batches, load.columns.map((c) => c.target));
      const spool = new PartSpool(chunks, spoolDir, `chunk-${randomBytes(6).toString('hex')}`);
      try {
        return await writes.loadChunk(grant, { ...load, input: { kind: 'parts', parts: spool.parts() } });
      } finally {
        await spool.discard();
      }
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}

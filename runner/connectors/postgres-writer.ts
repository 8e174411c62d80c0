// PostgreSQL as a write target: chunks arrive as CSV, or as PostgreSQL's binary COPY format when source and
// staging columns have identical types (pg-binary.ts), streamed straight from the source's COPY TO STDOUT
// (no value converted in Node), and go in with COPY ... FROM STDIN at the protocol level (pg-copy.ts),
// inside one transaction with the delete of their key range (sql-writer.ts). The session runs at UTC.
import { createReadStream } from 'node:fs';
import { postgres as dialect } from '../../core/dialects/postgres.js';
import type { Redactor } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { csvOfRows } from './csv.js';
import { driverError } from './errors.js';
import { connectPostgres } from './pg-client.js';
import { copyIn } from './pg-copy.js';
import type { FilePart } from './spool.js';
import { sqlWrites } from './sql-writer.js';
import type { WriteConnection } from './writer.js';

async function* partChunks(batches: AsyncIterable<readonly FilePart[]>): AsyncIterable<Buffer> {
  for await (const batch of batches) for (const p of batch) yield* createReadStream(p.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

export async function openPostgresWriter(url: string, redactor: Redactor): Promise<WriteConnection> {
  const { client, location, query: run } = await connectPostgres(url, redactor, { options: '-c TimeZone=UTC -c lock_timeout=30s', textTypes: true });
  const writes = sqlWrites({
    dialect, run, rollback: () => client.query('ROLLBACK'), begin: 'BEGIN', beginReadOnly: 'BEGIN READ ONLY',
    first: async (sql) => { const row = (await run(sql)).rows[0] as Record<string, unknown> | undefined; return row ? Object.values(row)[0] : undefined; },
  }, async (load) => {
    const names = load.columns.map((c) => c.target);
    const input = load.input;
    const chunks = input.kind === 'csv' || input.kind === 'pg-binary' ? input.chunks : input.kind === 'parts' ? partChunks(input.parts) : csvOfRows(input.batches, names);
    const cols = names.map((n) => dialect.quoteIdent(n)).join(', ');
    const format = input.kind === 'pg-binary' ? 'binary' : 'csv';
    try {
      return await copyIn(client, `COPY ${dialect.quoteTable(load.staging)} (${cols}) FROM STDIN WITH (FORMAT ${format})`, chunks);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', location, redactor);
    }
  });
  return {
    engine: 'postgres', dialect, location, accepts: 'csv', pgBinary: true,
    async tableExists(t) {
      const r = await run(`SELECT to_regclass(${dialect.stringLiteral(dialect.quoteTable({ schema: t.schema ?? 'public', name: t.name }))}) IS NOT NULL AS e`);
      return r.rows[0]?.e === 'true' || r.rows[0]?.e === true || r.rows[0]?.e === 't';
    },
    async describe(t) {
      return catalogFrom(toRows((await run(dialect.columnsQuery(t))).rows as Record<string, unknown>[], newStats()));
    },
    ...writes,
    close: async () => { await client.end().catch(() => {}); },
  };
}

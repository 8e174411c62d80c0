// PostgreSQL as a write target: chunks arrive as CSV and go in with COPY ... FROM STDIN at the protocol
// level (pg-copy.ts), inside one transaction with the delete of their key range. The session runs at UTC.
import pg from 'pg';
import { postgres as dialect } from '../../core/dialects/postgres.js';
import { deleteRangeSql } from '../../core/plan/write-sql.js';
import { assertGrant } from '../gate/write-grant.js';
import type { Redactor } from '../secrets/redact.js';
import { safeLocation } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { csvOfRows } from './csv.js';
import { driverError } from './errors.js';
import { inTransaction } from './transaction.js';
import { copyIn } from './pg-copy.js';
import type { WriteConnection } from './writer.js';

export async function openPostgresWriter(url: string, redactor: Redactor): Promise<WriteConnection> {
  const location = safeLocation(url);
  const types = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;
  const client = new pg.Client({ connectionString: url, types, options: '-c TimeZone=UTC -c lock_timeout=30s' });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', location, redactor);
  }
  const run = async (sql: string) => {
    try {
      return await client.query(sql);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', location, redactor);
    }
  };
  const transaction = <T>(work: () => Promise<T>): Promise<T> => inTransaction(run, () => client.query('ROLLBACK'), 'BEGIN', work);
  return {
    engine: 'postgres', dialect, location, accepts: 'csv',
    async tableExists(t) {
      const r = await run(`SELECT to_regclass(${dialect.stringLiteral(dialect.quoteTable({ schema: t.schema ?? 'public', name: t.name }))}) IS NOT NULL AS e`);
      return r.rows[0]?.e === 'true' || r.rows[0]?.e === true || r.rows[0]?.e === 't';
    },
    async describe(t) {
      return catalogFrom(toRows((await run(dialect.columnsQuery(t))).rows as Record<string, unknown>[], newStats()));
    },
    async scalar(sql) {
      await run('BEGIN READ ONLY');
      let r;
      try {
        r = await run(sql);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
      const row = r.rows[0] as Record<string, unknown> | undefined;
      const v = row ? Object.values(row)[0] : null;
      return v === null || v === undefined ? null : String(v);
    },
    async transaction(grant, statements) {
      assertGrant(grant);
      await transaction(async () => { for (const s of statements) await run(s); });
    },
    async loadChunk(grant, load) {
      assertGrant(grant);
      const names = load.columns.map((c) => c.target);
      const chunks = load.input.kind === 'csv' ? load.input.chunks : csvOfRows(load.input.batches, names);
      return transaction(async () => {
        await run(deleteRangeSql(dialect, load.staging, load.key, load.range));
        const cols = names.map((n) => dialect.quoteIdent(n)).join(', ');
        try {
          return await copyIn(client, `COPY ${dialect.quoteTable(load.staging)} (${cols}) FROM STDIN WITH (FORMAT csv)`, chunks);
        } catch (e) {
          throw driverError(e, 'QUERY_FAILED', location, redactor);
        }
      });
    },
    close: async () => { await client.end().catch(() => {}); },
  };
}

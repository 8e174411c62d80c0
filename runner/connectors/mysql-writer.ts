// MySQL/MariaDB as a write target: batched multi-row INSERTs with placeholders (values travel as text
// and the server converts them to the column types; bytes as hex through UNHEX), inside one transaction
// with the delete of the chunk's key range. Sessions run at +00:00 and utf8mb4.
import mysql2 from 'mysql2/promise';
import { mysql as dialect } from '../../core/dialects/mysql.js';
import { loadExpr } from '../../core/plan/transfer.js';
import { deleteRangeSql } from '../../core/plan/write-sql.js';
import { assertGrant } from '../gate/write-grant.js';
import type { Redactor } from '../secrets/redact.js';
import { safeLocation } from '../secrets/redact.js';
import { CopilotError } from '../../core/errors.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { driverError } from './errors.js';
import { inTransaction } from './transaction.js';
import type { WriteConnection } from './writer.js';

const ROWS_PER_INSERT = 500;

export async function openMysqlWriter(url: string, redactor: Redactor): Promise<WriteConnection> {
  const location = safeLocation(url);
  let conn: mysql2.Connection;
  try {
    conn = await mysql2.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), charset: 'utf8mb4', timezone: 'Z', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    await conn.query("SET SESSION time_zone = '+00:00'");
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', location, redactor);
  }
  conn.on('error', () => {});
  const run = async (sql: string, params?: unknown[]) => {
    try {
      return await conn.query(sql, params);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', location, redactor);
    }
  };
  const transaction = <T>(work: () => Promise<T>): Promise<T> => inTransaction(run, () => conn.query('ROLLBACK'), 'START TRANSACTION', work);
  return {
    engine: 'mysql', dialect, location, accepts: 'rows',
    async tableExists(t) {
      const [rows] = await run(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${t.schema ? dialect.stringLiteral(t.schema) : 'DATABASE()'} AND table_name = ${dialect.stringLiteral(t.name)}`);
      return String((rows as { n: unknown }[])[0]?.n) !== '0';
    },
    async describe(t) {
      const [rows] = await run(dialect.columnsQuery(t));
      return catalogFrom(toRows(rows as Record<string, unknown>[], newStats()));
    },
    async scalar(sql) {
      await run('START TRANSACTION READ ONLY');
      let rows;
      try {
        [rows] = await run(sql);
      } finally {
        await conn.query('ROLLBACK').catch(() => undefined);
      }
      const row = (rows as Record<string, unknown>[])[0];
      const v = row ? Object.values(row)[0] : null;
      return v === null || v === undefined ? null : String(v);
    },
    async transaction(grant, statements) {
      assertGrant(grant);
      await transaction(async () => { for (const s of statements) await run(s); });
    },
    async loadChunk(grant, load) {
      assertGrant(grant);
      if (load.input.kind !== 'rows') throw new CopilotError('INTERNAL', 'the MySQL writer loads rows, not CSV');
      const names = load.columns.map((c) => c.target);
      const cols = names.map((n) => dialect.quoteIdent(n)).join(', ');
      const tuple = `(${load.columns.map((c) => loadExpr('mysql', c, '?')).join(', ')})`;
      const batches = load.input.batches;
      return transaction(async () => {
        await run(deleteRangeSql(dialect, load.staging, load.key, load.range));
        let rows = 0;
        for await (const batch of batches) {
          for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
            const part = batch.slice(i, i + ROWS_PER_INSERT);
            const params = part.flatMap((r) => names.map((n) => r[n] ?? null));
            await run(`INSERT INTO ${dialect.quoteTable(load.staging)} (${cols}) VALUES ${part.map(() => tuple).join(', ')}`, params);
            rows += part.length;
          }
        }
        return rows;
      });
    },
    close: async () => { await conn.end().catch(() => {}); },
  };
}

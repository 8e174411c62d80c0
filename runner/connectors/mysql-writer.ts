// MySQL/MariaDB as a write target: batched multi-row INSERTs with placeholders (values travel as text
// and the server converts them to the column types; bytes as hex through UNHEX), inside one transaction
// with the delete of the chunk's key range (sql-writer.ts). Sessions run at +00:00 and utf8mb4.
import mysql2 from 'mysql2/promise';
import { mysql as dialect } from '../../core/dialects/mysql.js';
import { loadExpr } from '../../core/plan/transfer.js';
import type { Redactor } from '../secrets/redact.js';
import { safeLocation } from '../secrets/redact.js';
import { CopilotError } from '../../core/errors.js';
import { catalogFrom, newStats, toRows } from './connection.js';
import { driverError } from './errors.js';
import { sqlWrites } from './sql-writer.js';
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
  const writes = sqlWrites({
    dialect, run, rollback: () => conn.query('ROLLBACK'), begin: 'START TRANSACTION', beginReadOnly: 'START TRANSACTION READ ONLY',
    first: async (sql) => { const row = ((await run(sql))[0] as Record<string, unknown>[])[0]; return row ? Object.values(row)[0] : undefined; },
  }, async (load) => {
    if (load.input.kind !== 'rows') throw new CopilotError('INTERNAL', 'the MySQL writer loads rows, not CSV');
    const names = load.columns.map((c) => c.target);
    const cols = names.map((n) => dialect.quoteIdent(n)).join(', ');
    const tuple = `(${load.columns.map((c) => loadExpr('mysql', c, '?')).join(', ')})`;
    const full = `INSERT INTO ${dialect.quoteTable(load.staging)} (${cols}) VALUES ${new Array(ROWS_PER_INSERT).fill(tuple).join(', ')}`;
    let rows = 0;
    for await (const batch of load.input.batches) {
      for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
        const n = Math.min(ROWS_PER_INSERT, batch.length - i);
        const params: (string | null)[] = new Array(n * names.length);
        for (let r = 0, p = 0; r < n; r++) {
          const row = batch[i + r]!;
          for (const name of names) params[p++] = row[name] ?? null;
        }
        const sql = n === ROWS_PER_INSERT ? full : `INSERT INTO ${dialect.quoteTable(load.staging)} (${cols}) VALUES ${new Array(n).fill(tuple).join(', ')}`;
        await run(sql, params);
        rows += n;
      }
    }
    return rows;
  });
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
    ...writes,
    close: async () => { await conn.end().catch(() => {}); },
  };
}

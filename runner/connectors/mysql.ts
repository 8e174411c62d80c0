// MySQL/MariaDB through mysql2. Sessions are read-only, at +00:00 (TIMESTAMP columns read as UTC) and
// utf8mb4. Results come back as text (no number or date conversion by the driver).
import type { Connection as CallbackConnection } from 'mysql2';
import mysql2 from 'mysql2/promise';
import type { TableName } from '../../core/dialects/index.js';
import { mysql as dialect } from '../../core/dialects/mysql.js';
import type { Redactor } from '../secrets/redact.js';
import { safeLocation } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows, type ReadConnection, type Row } from './connection.js';
import { driverError } from './errors.js';

export async function openMysql(url: string, redactor: Redactor): Promise<ReadConnection> {
  const location = safeLocation(url);
  let conn: mysql2.Connection;
  try {
    conn = await mysql2.createConnection({
      uri: url.replace(/^mariadb:/, 'mysql:'), charset: 'utf8mb4', timezone: 'Z', dateStrings: true,
      supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false,
    });
    await conn.query("SET SESSION time_zone = '+00:00'");
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    await conn.query('SET SESSION group_concat_max_len = 1048576');
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', location, redactor);
  }
  conn.on('error', () => {});
  const stats = newStats();
  const query = async (sql: string): Promise<Row[]> => {
    stats.queries++;
    try {
      const [rows] = await conn.query({ sql, rowsAsArray: false });
      return toRows(rows as Record<string, unknown>[], stats);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', location, redactor);
    }
  };
  return {
    engine: 'mysql', dialect, location, stats,
    relation: (t: TableName) => dialect.quoteTable(t),
    describe: async (t) => catalogFrom(await query(dialect.columnsQuery(t))),
    query,
    async *stream(sql: string, batchRows = 10_000) {
      stats.queries++;
      // The promise API has no streaming; its underlying callback connection does.
      const raw = (conn as unknown as { connection: CallbackConnection }).connection;
      const s = raw.query(sql).stream({ highWaterMark: batchRows });
      let batch: Record<string, unknown>[] = [];
      try {
        for await (const row of s) {
          batch.push(row as Record<string, unknown>);
          if (batch.length >= batchRows) {
            yield toRows(batch, stats);
            batch = [];
          }
        }
      } catch (e) {
        throw driverError(e, 'QUERY_FAILED', location, redactor);
      }
      if (batch.length > 0) yield toRows(batch, stats);
    },
    close: async () => { await conn.end().catch(() => {}); },
  };
}

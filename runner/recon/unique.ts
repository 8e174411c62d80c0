// Whether an engine's catalog proves a key unique: a primary key (or a unique index on non-NULL
// columns) whose columns are all among the key's. Then that side needs no duplicate-key pass. An
// engine or file without constraints (Parquet) proves nothing, and the pass runs.
import type { TableName } from '../../core/dialects/index.js';
import type { ReadConnection } from '../connectors/connection.js';

export async function provenUnique(conn: ReadConnection, table: TableName, key: readonly string[]): Promise<boolean> {
  const sql = conn.dialect.uniqueKeysQuery(table);
  if (sql === undefined || conn.location.startsWith('parquet:')) return false;
  const rows = await conn.query(sql).catch(() => []);
  const names = new Set(key);
  return rows.some((r) => {
    const cols = (r.columns ?? '').split(',').filter((c) => c !== '');
    return cols.length > 0 && cols.every((c) => names.has(c));
  });
}

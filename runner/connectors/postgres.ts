// PostgreSQL through pg. Every session is read-only (default_transaction_read_only) and runs at UTC.
import type { TableName } from '../../core/dialects/index.js';
import { postgres as dialect } from '../../core/dialects/postgres.js';
import type { Redactor } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows, type ReadConnection, type Row } from './connection.js';
import { connectPostgres } from './pg-client.js';

export async function openPostgres(url: string, redactor: Redactor): Promise<ReadConnection> {
  // Numbers and dates arrive as the server's text: the queries cast to text anyway.
  // Segment checksums group by bucket numbers PostgreSQL cannot estimate (it assumes one group per key)
  // and would sort every row to aggregate a few thousand buckets; with sorting discouraged and
  // work_mem for the hash table it hashes them instead. The same misestimate switches JIT on, whose
  // compile time (about half a second per query, measured) outweighs what it saves on these scans.
  const options = '-c default_transaction_read_only=on -c TimeZone=UTC -c work_mem=64MB -c enable_sort=off -c jit=off';
  const session = await connectPostgres(url, redactor, { options, textTypes: true });
  const { client, location } = session;
  const stats = newStats();
  const query = async (sql: string): Promise<Row[]> => {
    stats.queries++;
    return toRows((await session.query(sql)).rows as Record<string, unknown>[], stats);
  };
  return {
    engine: 'postgres', dialect, location, stats,
    relation: (t: TableName) => dialect.quoteTable({ schema: t.schema ?? 'public', name: t.name }),
    describe: async (t) => catalogFrom(await query(dialect.columnsQuery(t))),
    query,
    async *stream(sql: string, batchRows = 10_000) {
      await query('BEGIN');
      try {
        await query(`DECLARE mc_stream NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const rows = await query(`FETCH FORWARD ${batchRows} FROM mc_stream`);
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await client.query('ROLLBACK').catch(() => {});
      }
    },
    close: async () => { await client.end().catch(() => {}); },
  };
}

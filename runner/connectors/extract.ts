// The extract side of a copy: a read-only connection for the catalog and small queries, and the fastest
// stream of a SELECT's rows the engine offers. PostgreSQL sends CSV straight from COPY ... TO STDOUT on
// a second read-only session (no row objects in Node at all), or its binary COPY format for a PostgreSQL
// target whose columns have the very same types (pg-binary.ts); the other engines stream text rows.
import { Redactor } from '../secrets/redact.js';
import { resolveSecret } from '../secrets/resolve.js';
import type { ReadConnection, Row } from './connection.js';
import { driverError } from './errors.js';
import { openConnection } from './open.js';
import { connectPostgres } from './pg-client.js';
import { copyOut } from './pg-copy.js';

export interface Extractor {
  readonly read: ReadConnection;
  /** CSV of a SELECT (PostgreSQL only). */
  readonly csv?: (select: string) => AsyncIterable<Buffer>;
  /** PostgreSQL's binary COPY format of a SELECT (PostgreSQL only): for a target of identical column types. */
  readonly pgBinary?: (select: string) => AsyncIterable<Buffer>;
  rows(select: string, batchRows: number): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

export async function openExtractor(uri: string, env: Readonly<Record<string, string | undefined>>, redactor: Redactor = new Redactor()): Promise<Extractor> {
  const read = await openConnection(uri, env, redactor);
  if (read.engine !== 'postgres') {
    return { read, rows: (sql, n) => read.stream(sql, n), close: () => read.close() };
  }
  const url = resolveSecret(uri, env, redactor);
  const { client, location } = await connectPostgres(url, redactor, { options: '-c default_transaction_read_only=on -c TimeZone=UTC -c extra_float_digits=1 -c jit=off' })
    .catch(async (e: unknown) => { await read.close(); throw e; });
  const copy = (select: string, format: 'csv' | 'binary'): AsyncIterable<Buffer> => ({
    async *[Symbol.asyncIterator]() {
      try {
        yield* copyOut(client, `COPY (${select}) TO STDOUT WITH (FORMAT ${format})`);
      } catch (e) {
        throw driverError(e, 'QUERY_FAILED', location, redactor);
      }
    },
  });
  return {
    read,
    csv: (select) => copy(select, 'csv'),
    pgBinary: (select) => copy(select, 'binary'),
    rows: (sql, n) => read.stream(sql, n),
    close: async () => { await client.end().catch(() => {}); await read.close(); },
  };
}

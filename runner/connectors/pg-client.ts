// One way to open a PostgreSQL session for every part of the runner: the session settings the caller names,
// optionally every value as the server's text, a dropped connection never crashing the process, and
// connection and query errors reported (and redacted) as every connector reports them.
import pg from 'pg';
import { safeLocation, type Redactor } from '../secrets/redact.js';
import { driverError } from './errors.js';

export interface PgSession {
  readonly client: pg.Client;
  /** The connection URI without its secret, for messages. */
  readonly location: string;
  /** A query whose error is a QUERY_FAILED naming the location, never the password. */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/** The server's text for every type (numbers and dates too): the queries that need it cast to text anyway. */
const TEXT_TYPES = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export async function connectPostgres(url: string, redactor: Redactor, opts: { readonly options: string; readonly textTypes?: boolean }): Promise<PgSession> {
  const location = safeLocation(url);
  const client = new pg.Client({ connectionString: url, options: opts.options, ...(opts.textTypes ? { types: TEXT_TYPES } : {}) });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', location, redactor);
  }
  return {
    client, location,
    async query(sql, params) {
      try {
        return await client.query(sql, params);
      } catch (e) {
        throw driverError(e, 'QUERY_FAILED', location, redactor);
      }
    },
  };
}

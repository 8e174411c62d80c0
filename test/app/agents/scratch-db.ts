// An empty PostgreSQL database for a test (the scratch of `rewrite prove`), dropped by the returned function.
import pg from 'pg';
import { uniqueName, withDatabase } from '../../support/db.js';

export async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

export async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName('mc_proof');
  await pgQuery(serverUrl, `CREATE DATABASE ${name}`);
  return { url: withDatabase(serverUrl, name), drop: async () => { await pgQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } };
}

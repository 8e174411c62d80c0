// The realistic sources of test/fixtures/sources/, each loaded into a fresh uniquely named database
// (PostgreSQL, MariaDB) or file (DuckDB) and dropped by the returned function.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { uniqueName, withDatabase } from './db.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sources');

export interface LoadedSource {
  readonly url: string;
  readonly database: string;
  drop(): Promise<void>;
}

export async function loadPostgresSource(serverUrl: string, file = 'postgres.sql'): Promise<LoadedSource> {
  const database = uniqueName('mc_src');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, database);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(readFileSync(join(FIXTURES, file), 'utf8'));
  } finally {
    await c.end();
  }
  return {
    url, database,
    async drop() {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** test/fixtures/sources/mariadb.sql in a fresh database (the schema of its tables). */
export async function loadMariadbSource(serverUrl: string): Promise<LoadedSource> {
  const mysql2 = (await import('mysql2/promise')).default;
  const database = uniqueName('mc_src');
  const server = await mysql2.createConnection({ uri: serverUrl, multipleStatements: true });
  try {
    await server.query(`CREATE DATABASE ${database}`);
    await server.query(`USE ${database}`);
    await server.query(readFileSync(join(FIXTURES, 'mariadb.sql'), 'utf8'));
    await server.query('ANALYZE TABLE countries, customers, products, orders, order_items, support_tickets, audit_log, settings, counters');
  } finally {
    await server.end();
  }
  return {
    url: withDatabase(serverUrl, database), database,
    async drop() {
      const c = await mysql2.createConnection({ uri: serverUrl });
      try {
        await c.query(`DROP DATABASE IF EXISTS ${database}`);
      } finally {
        await c.end();
      }
    },
  };
}

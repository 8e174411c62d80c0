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

/** A MariaDB source spread over several databases (MariaDB's schemas). */
export interface MariadbSource extends LoadedSource {
  /** Each `{{placeholder}}` of the fixture and the uniquely named database it became, in the order they first appear. */
  readonly databases: Readonly<Record<string, string>>;
}

/**
 * test/fixtures/sources/mariadb.sql in fresh databases: every `{{name}}` of the file becomes a database
 * named uniquely for this run, and the names are substituted into the SQL (cross-database foreign keys and
 * views need them). `url` and `database` are the first database's (the sales one); `drop()` drops them all.
 */
export async function loadMariadbSource(serverUrl: string, file = 'mariadb.sql'): Promise<MariadbSource> {
  const mysql2 = (await import('mysql2/promise')).default;
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const placeholders = [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
  if (placeholders.length === 0) throw new Error(`${file}: no {{database}} placeholder; write USE {{name}}; before its tables`);
  const databases = Object.fromEntries(placeholders.map((p) => [p, uniqueName(`mc_${p}`)]));
  const names = Object.values(databases);
  const sql = text.replace(/\{\{(\w+)\}\}/g, (_, p: string) => databases[p]!);
  const drop = async () => {
    const c = await mysql2.createConnection({ uri: serverUrl });
    try {
      // Keys across the databases must not hold a drop back, whichever goes first.
      await c.query('SET SESSION foreign_key_checks = 0');
      for (const db of names) await c.query(`DROP DATABASE IF EXISTS ${db}`);
    } finally {
      await c.end();
    }
  };
  const server = await mysql2.createConnection({ uri: serverUrl, multipleStatements: true });
  try {
    for (const db of names) await server.query(`CREATE DATABASE ${db}`);
    await server.query(sql);
    // Fresh InnoDB statistics, so the catalog's row estimates are near the truth.
    const [tables] = await server.query(`SELECT CONCAT(table_schema, '.', table_name) AS t FROM information_schema.tables
      WHERE table_schema IN (${names.map((n) => `'${n}'`).join(', ')}) AND table_type = 'BASE TABLE'`);
    await server.query(`ANALYZE TABLE ${(tables as { t: string }[]).map((r) => r.t).join(', ')}`);
  } catch (e) {
    await drop();
    throw e;
  } finally {
    await server.end();
  }
  const database = names[0]!;
  return { url: withDatabase(serverUrl, database), database, databases, drop };
}

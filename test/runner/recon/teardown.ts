// The one teardown of the recon tests that compare PostgreSQL, DuckDB and MariaDB: the connections they
// opened, the PostgreSQL schema, the MariaDB database (when the server was there) and the DuckDB folder.
import { rmSync } from 'node:fs';
import type mysql2 from 'mysql2/promise';
import type pg from 'pg';
import type { ReadConnection } from '../../../runner/connectors/connection.js';

export interface ThreeEngines {
  readonly open: readonly ReadConnection[];
  readonly admin: pg.Client | undefined;
  readonly schema: string;
  readonly mariadb?: { readonly conn: mysql2.Connection | undefined; readonly database: string };
  readonly dir: string;
}

export async function dropThreeEngines(t: ThreeEngines): Promise<void> {
  for (const c of t.open) await c.close();
  await t.admin?.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`);
  await t.admin?.end();
  if (t.mariadb?.conn) {
    await t.mariadb.conn.query(`DROP DATABASE IF EXISTS ${t.mariadb.database}`);
    await t.mariadb.conn.end();
  }
  rmSync(t.dir, { recursive: true, force: true });
}

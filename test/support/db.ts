// Each test gets its own uniquely named database and drops it afterwards: the servers outlive the
// session and are shared with other runs.
import { randomBytes } from 'node:crypto';
import mysql2 from 'mysql2/promise';
import { inject } from 'vitest';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
}

/** The PostgreSQL server URL of this run (PG_URL, or the embedded server). */
export function pgServerUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error('no PostgreSQL for this run');
  return url;
}

/** The MariaDB/MySQL server URL, or null when MYSQL_URL is unset outside CI (those tests skip, visibly). */
export function mysqlServerUrl(): string | null {
  return inject('mysqlUrl');
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates database `name` on the MariaDB/MySQL server and connects to it: utf8mb4 for the database and both
 * connections when asked, and the connection's `timezone` for the values mysql2 converts.
 */
export async function mariadbDatabase(serverUrl: string, name: string, options: { utf8mb4?: boolean; timezone?: string } = {}): Promise<mysql2.Connection> {
  const charset = options.utf8mb4 ? { charset: 'utf8mb4' } : {};
  const server = await mysql2.createConnection({ uri: serverUrl, ...charset });
  try {
    await server.query(`CREATE DATABASE ${name}${options.utf8mb4 ? ' CHARACTER SET utf8mb4' : ''}`);
  } finally {
    await server.end();
  }
  return mysql2.createConnection({ uri: withDatabase(serverUrl, name), ...charset, ...(options.timezone ? { timezone: options.timezone } : {}) });
}

// Each test gets its own uniquely named database and drops it afterwards: the servers outlive the
// session and are shared with other runs.
import { randomBytes } from 'node:crypto';
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

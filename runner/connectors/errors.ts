// Driver errors become CopilotErrors with every secret redacted; the cause keeps only the redacted
// message (and the driver's error code), so not even a debug stack can print a password. A database that
// does not exist stays a system failure (exit 3) but names the database and says how to list the others.
import { CopilotError } from '../../core/errors.js';
import type { Redactor } from '../secrets/redact.js';

/** What to do next; a database that does not exist says how to list the ones there are. */
function hintFor(code: 'CONNECTION_FAILED' | 'QUERY_FAILED', driverCode: unknown, location: string): string | undefined {
  if (driverCode === '3D000') {
    return `the database in ${location} does not exist on that server: list the ones you can see with psql -l (or SELECT datname FROM pg_database) and fix the URL's path`;
  }
  if (driverCode === 'ER_BAD_DB_ERROR') {
    return `the database in ${location} does not exist on that server: list the ones you can see with SHOW DATABASES and fix the URL's path`;
  }
  return code === 'CONNECTION_FAILED' ? 'check that the server runs and the connection string is right' : undefined;
}

export function driverError(e: unknown, code: 'CONNECTION_FAILED' | 'QUERY_FAILED', location: string, redactor: Redactor): CopilotError {
  if (e instanceof CopilotError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const message = redactor.redact(raw).split('\n')[0]!.slice(0, 500);
  const what = code === 'CONNECTION_FAILED' ? 'cannot connect to' : 'query failed on';
  // The driver's SQLSTATE / errno / socket code rides along (no secret is in them): retries decide by it.
  const { code: driverCode, errno } = (e ?? {}) as { code?: unknown; errno?: unknown };
  const cause = Object.assign(new Error(message), {
    ...(typeof driverCode === 'string' ? { code: driverCode } : {}), ...(typeof errno === 'number' ? { errno } : {}),
  });
  return new CopilotError(code, `${what} ${location}: ${message}`, { cause, hint: hintFor(code, driverCode, location) });
}

// Which driver failures are worth a retry: a dropped connection, a serialization failure, a deadlock or a
// lock timeout clear up by themselves; a syntax error, a constraint violation or a bad type never do.
// Decided by the driver's SQLSTATE (PostgreSQL), errno (MySQL/MariaDB) or socket error code, never by
// parsing messages, except where a driver gives nothing else (pg's "Connection terminated").
const PG_TRANSIENT_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const MYSQL_TRANSIENT_ERRNOS = new Set([1205, 1213, 2006, 2013, 1040, 1053]);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

export interface DriverFailure {
  /** SQLSTATE, errno or socket code, when the driver gave one. */
  readonly driverCode?: string;
  readonly transient: boolean;
}

export function classifyDriverError(e: unknown): DriverFailure {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return { transient: false };
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && /^[0-9A-Z]{5}$/.test(code) && !SOCKET_CODES.has(code)) {
    return { driverCode: code, transient: PG_TRANSIENT_STATES.has(code) || code.startsWith('08') };
  }
  if (typeof err.errno === 'number' && MYSQL_TRANSIENT_ERRNOS.has(err.errno)) return { driverCode: String(err.errno), transient: true };
  if (code && SOCKET_CODES.has(code)) return { driverCode: code, transient: true };
  const message = typeof err.message === 'string' ? err.message : '';
  if (/^Connection terminated( unexpectedly)?$|^Client has encountered a connection error/.test(message)) return { transient: true };
  if (/write-write conflict/i.test(message)) return { transient: true };
  if (err.cause !== undefined && err.cause !== e) return classifyDriverError(err.cause);
  return { driverCode: code ?? (typeof err.errno === 'number' ? String(err.errno) : undefined), transient: false };
}

// Opens the write side of a target from a URI (postgres://, mysql://, mariadb://, duckdb:PATH, parquet:DIR, or env:NAME
// holding one). Opening needs no grant (it only connects); every write method asks for one. Each engine's
// writer (and its driver) is loaded when a target of that engine is opened.
import { CopilotError } from '../../core/errors.js';
import { Redactor } from '../secrets/redact.js';
import { resolveSecret } from '../secrets/resolve.js';
import type { WriteConnection } from './writer.js';

export async function openWriter(uri: string, env: Readonly<Record<string, string | undefined>>, redactor: Redactor = new Redactor()): Promise<WriteConnection> {
  const value = resolveSecret(uri, env, redactor);
  if (/^postgres(ql)?:\/\//.test(value)) return (await import('./postgres-writer.js')).openPostgresWriter(value, redactor);
  if (/^(mysql|mariadb):\/\//.test(value)) return (await import('./mysql-writer.js')).openMysqlWriter(value, redactor);
  const file = /^(duckdb|parquet):([^?]+)$/.exec(value);
  if (file?.[1] === 'duckdb') return (await import('./duckdb-writer.js')).openDuckdbWriter(file[2]!, redactor);
  if (file) return (await import('./parquet-writer.js')).openParquetWriter(file[2]!.replace(/\/+$/, ''), redactor);
  const shown = uri.startsWith('env:') ? `the value of ${uri}` : `"${redactor.redact(uri).slice(0, 40)}"`;
  throw new CopilotError('USAGE', `${shown} is not a connection URI the runner can write to`, { hint: 'use postgres://..., mysql://..., mariadb://..., duckdb:PATH or parquet:DIR' });
}

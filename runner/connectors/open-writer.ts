// Opens the write side of a target from a URI (postgres://, mysql://, mariadb://, duckdb:PATH, parquet:DIR, or env:NAME
// holding one). Opening needs no grant (it only connects); every write method asks for one.
import { CopilotError } from '../../core/errors.js';
import { Redactor } from '../secrets/redact.js';
import { resolveSecret } from '../secrets/resolve.js';
import { openDuckdbWriter } from './duckdb-writer.js';
import { openMysqlWriter } from './mysql-writer.js';
import { openParquetWriter } from './parquet-writer.js';
import { openPostgresWriter } from './postgres-writer.js';
import type { WriteConnection } from './writer.js';

export async function openWriter(uri: string, env: Readonly<Record<string, string | undefined>>, redactor: Redactor = new Redactor()): Promise<WriteConnection> {
  const value = resolveSecret(uri, env, redactor);
  if (/^postgres(ql)?:\/\//.test(value)) return openPostgresWriter(value, redactor);
  if (/^(mysql|mariadb):\/\//.test(value)) return openMysqlWriter(value, redactor);
  const file = /^(duckdb|parquet):([^?]+)$/.exec(value);
  if (file) return file[1] === 'duckdb' ? openDuckdbWriter(file[2]!, redactor) : openParquetWriter(file[2]!.replace(/\/+$/, ''), redactor);
  const shown = uri.startsWith('env:') ? `the value of ${uri}` : `"${redactor.redact(uri).slice(0, 40)}"`;
  throw new CopilotError('USAGE', `${shown} is not a connection URI the runner can write to`, { hint: 'use postgres://..., mysql://..., mariadb://..., duckdb:PATH or parquet:DIR' });
}

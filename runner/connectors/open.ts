// Opens a read-only connection from a URI: postgres://, postgresql://, mysql://, mariadb://,
// duckdb:PATH, parquet:DIR (each optionally ?memory_limit=SIZE), or env:NAME naming one of those.
// A server URL that cannot be parsed is bad input (exit 2), shown without its credentials. Each engine's
// driver is loaded when a connection to it is opened (DuckDB's, MySQL's and PostgreSQL's together took a
// quarter of a second of every runner start that needed one of them).
import { existsSync } from 'node:fs';
import { CopilotError } from '../../core/errors.js';
import { Redactor, safeLocation } from '../secrets/redact.js';
import { resolveSecret } from '../secrets/resolve.js';
import type { ReadConnection } from './connection.js';

export const URI_FORMS = 'postgres://..., mysql://..., duckdb:PATH, parquet:DIR (optionally ?memory_limit=1GB), or env:NAME holding one';

export async function openConnection(
  uri: string,
  env: Readonly<Record<string, string | undefined>>,
  redactor: Redactor = new Redactor(),
): Promise<ReadConnection> {
  const value = resolveSecret(uri, env, redactor);
  const server = /^(postgres(?:ql)?|mysql|mariadb):\/\//.exec(value);
  if (server) {
    if (!URL.canParse(value)) {
      const shown = uri.startsWith('env:') ? `the value of ${uri} (${safeLocation(value)})` : safeLocation(value);
      throw new CopilotError('INPUT_INVALID', `${shown} is not a connection URL that can be parsed`, {
        hint: 'percent-encode any "/", "#", "?", "@" or ":" in the user name or password (e.g. "/" as %2F)',
      });
    }
    return server[1] === 'mysql' || server[1] === 'mariadb'
      ? (await import('./mysql.js')).openMysql(value, redactor)
      : (await import('./postgres.js')).openPostgres(value, redactor);
  }
  const file = /^(duckdb|parquet):([^?]+)(?:\?memory_limit=(\d+(?:\.\d+)?\s*[KMGT]i?B))?$/i.exec(value);
  if (file) {
    const path = file[2]!;
    if (!existsSync(path)) {
      throw new CopilotError('FILE_NOT_FOUND', `${file[1]}:${path} does not exist`, { hint: 'check the path; connections are read-only and never create files' });
    }
    const duckdb = await import('./duckdb.js');
    const limit = file[3] ?? duckdb.DEFAULT_MEMORY_LIMIT;
    return file[1] === 'duckdb' ? duckdb.openDuckdb(path, redactor, limit) : duckdb.openParquet(path, redactor, limit);
  }
  const shown = uri.startsWith('env:') ? `the value of ${uri}` : `"${redactor.redact(uri).slice(0, 40)}"`;
  throw new CopilotError('USAGE', `${shown} is not a supported connection URI`, { hint: `use ${URI_FORMS}` });
}

// The catalog queries of each engine a source can be read from.
import { duckdbCatalog } from '../../core/dialects/catalog/duckdb.js';
import { mysqlCatalog } from '../../core/dialects/catalog/mysql.js';
import { postgresCatalog } from '../../core/dialects/catalog/postgres.js';
import type { CatalogQueries } from '../../core/dialects/catalog/types.js';
import { CopilotError } from '../../core/errors.js';
import type { ReadConnection } from '../connectors/connection.js';

const CATALOGS: Readonly<Record<string, CatalogQueries>> = { postgres: postgresCatalog, mysql: mysqlCatalog, duckdb: duckdbCatalog };

export function catalogQueriesFor(conn: ReadConnection): CatalogQueries {
  const q = CATALOGS[conn.engine];
  if (!q) {
    throw new CopilotError('USAGE', `discovery does not read ${conn.engine} catalogs yet`, { hint: `sources it reads: ${Object.keys(CATALOGS).join(', ')}` });
  }
  return q;
}

// The catalog queries of each engine a source can be read from.
import { duckdbCatalog } from '../../core/dialects/catalog/duckdb.js';
import { mysqlCatalogFor } from '../../core/dialects/catalog/mysql.js';
import { postgresCatalog } from '../../core/dialects/catalog/postgres.js';
import { scopeSchemas } from '../../core/dialects/catalog/scope.js';
import type { CatalogQueries } from '../../core/dialects/catalog/types.js';
import { CopilotError } from '../../core/errors.js';
import type { ReadConnection } from '../connectors/connection.js';

// A PostgreSQL or DuckDB connection reads one database; a MySQL server's catalog spans all of its databases,
// so its queries read only the databases the scope names (the scope still filters every relation after).
const CATALOGS: Readonly<Record<string, (scope: readonly string[]) => CatalogQueries>> = {
  postgres: () => postgresCatalog, mysql: (scope) => mysqlCatalogFor(scopeSchemas(scope)), duckdb: () => duckdbCatalog,
};

export function catalogQueriesFor(conn: ReadConnection, scope: readonly string[]): CatalogQueries {
  const q = CATALOGS[conn.engine]?.(scope);
  if (!q) {
    throw new CopilotError('USAGE', `discovery does not read ${conn.engine} catalogs yet`, { hint: `sources it reads: ${Object.keys(CATALOGS).join(', ')}` });
  }
  return q;
}

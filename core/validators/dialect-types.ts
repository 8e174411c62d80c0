// The hashing spec's logical type of a column as one engine stores it, through that engine's dialect.
// MariaDB reads like MySQL; Hive and Parquet directories are read through DuckDB.
import { DIALECTS, type Engine } from '../dialects/index.js';
import type { LogicalType } from '../hashing/types.js';

const READ_AS: Readonly<Record<string, string>> = { mariadb: 'mysql', hive: 'duckdb', parquet: 'duckdb' };

/** undefined when the type (or its engine) has no canonical form. */
export function logicalTypeOf(engine: string, type: string): LogicalType | undefined {
  const dialect = DIALECTS[(READ_AS[engine] ?? engine) as Engine] as (typeof DIALECTS)[Engine] | undefined;
  return dialect?.logicalTypeOf(type, null);
}

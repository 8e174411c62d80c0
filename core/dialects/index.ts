// The dialect of each engine, by name.
import type { Dialect, Engine } from './dialect.js';
import { duckdb } from './duckdb.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { redshift } from './redshift.js';
import { snowflake } from './snowflake.js';

export type { CatalogColumn, Dialect, Engine, TableName } from './dialect.js';

export const DIALECTS: Readonly<Record<Engine, Dialect>> = Object.freeze({ duckdb, mysql, postgres, redshift, snowflake });

export function dialectFor(engine: Engine): Dialect {
  return DIALECTS[engine];
}

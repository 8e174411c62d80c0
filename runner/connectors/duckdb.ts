// DuckDB files (opened read-only) and Parquet directories with Hive partitioning (read through an
// in-memory DuckDB; `--table a.b` reads DIR/a/b/**/*.parquet, or DIR/b/**/*.parquet without a schema).
// The engine runs inside this process, so its buffer pool is capped (DEFAULT_MEMORY_LIMIT, or
// `?memory_limit=` on the URI): reconciliation streams, and the runner's memory stays flat however
// big the table is.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdb as dialect } from '../../core/dialects/duckdb.js';
import type { TableName } from '../../core/dialects/index.js';
import type { Redactor } from '../secrets/redact.js';
import { catalogFrom, newStats, toRows, type ReadConnection, type Row } from './connection.js';
import { driverError } from './errors.js';

export const DEFAULT_MEMORY_LIMIT = '64MB';

interface Source {
  readonly location: string;
  readonly path: string;
  readonly parquetDir?: string;
  readonly memoryLimit: string;
}

async function open(src: Source, redactor: Redactor): Promise<ReadConnection> {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    // A read-only database has no spill folder of its own: sorts and big aggregates spill to the temp dir.
    const options = { memory_limit: src.memoryLimit, temp_directory: join(tmpdir(), 'migration-copilot-duckdb') };
    instance = src.parquetDir !== undefined
      ? await DuckDBInstance.create(':memory:', options)
      : await DuckDBInstance.create(src.path, { ...options, access_mode: 'READ_ONLY' });
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
  } catch (e) {
    throw driverError(e, 'CONNECTION_FAILED', src.location, redactor);
  }
  const stats = newStats();
  const query = async (sql: string): Promise<Row[]> => {
    stats.queries++;
    try {
      const r = await conn.runAndReadAll(sql);
      return toRows(r.getRowObjectsJson() as Record<string, unknown>[], stats);
    } catch (e) {
      throw driverError(e, 'QUERY_FAILED', src.location, redactor);
    }
  };
  const relation = (t: TableName): string => {
    if (src.parquetDir === undefined) return dialect.quoteTable(t);
    const dir = [src.parquetDir, ...(t.schema ? [t.schema] : []), t.name].join('/');
    return `read_parquet(${dialect.stringLiteral(`${dir}/**/*.parquet`)}, hive_partitioning = true)`;
  };
  return {
    engine: 'duckdb', dialect, location: src.location, stats, relation,
    async describe(t) {
      if (src.parquetDir === undefined) return catalogFrom(await query(dialect.columnsQuery(t)));
      try {
        const rows = await query(`SELECT column_name, lower(column_type) AS data_type, NULL AS numeric_scale FROM (DESCRIBE SELECT * FROM ${relation(t)})`);
        return catalogFrom(rows).map((c) => {
          const m = /^decimal\(\d+,\s*(\d+)\)$/.exec(c.dataType);
          return m ? { ...c, scale: Number(m[1]) } : c;
        });
      } catch {
        return [];
      }
    },
    query,
    async *stream(sql: string) {
      stats.queries++;
      try {
        const result = await conn.stream(sql);
        for await (const rows of result.yieldRowObjectJson()) yield toRows(rows as Record<string, unknown>[], stats);
      } catch (e) {
        throw driverError(e, 'QUERY_FAILED', src.location, redactor);
      }
    },
    close: async () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export function openDuckdb(path: string, redactor: Redactor, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<ReadConnection> {
  return open({ location: `duckdb:${path}`, path, memoryLimit }, redactor);
}

export function openParquet(dir: string, redactor: Redactor, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<ReadConnection> {
  return open({ location: `parquet:${dir}`, path: ':memory:', parquetDir: dir.replace(/\/+$/, ''), memoryLimit }, redactor);
}

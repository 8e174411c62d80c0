// A local directory of Parquet files with Hive partitioning as a write target: table schema.name lives in
// DIR/schema/name/ (what the Parquet reader scans). Chunks load into staging tables of a DuckDB file inside
// the directory (DIR/.mc-staging.duckdb), so a killed run resumes from them; the promotion writes the new
// table to DIR/schema/name.mc-new/ (partitioned by the step's partition_by, when given) and then renames:
// the current directory to its replaced name, the new one into place. A kill between the renames is
// finished by the next run (the replaced directory exists, the table's does not).
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { duckdb as dialect } from '../../core/dialects/duckdb.js';
import type { TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import { createStagingSql, createTableSql } from '../../core/plan/write-sql.js';
import { assertGrant } from '../gate/write-grant.js';
import type { Redactor } from '../secrets/redact.js';
import type { WriteGrant } from './connection.js';
import { openDuckdbWriter } from './duckdb-writer.js';
import type { PromoteInput, WriteConnection } from './writer.js';

const isStaging = (t: TableName) => t.name.startsWith('mc_stg_');

/** The directory holding table `t` of the Parquet directory `dir` (DIR/schema/name). */
export const parquetTableFolder = (dir: string, t: TableName): string => join(dir, ...(t.schema ? [t.schema] : []), t.name);

export async function openParquetWriter(dir: string, redactor: Redactor): Promise<WriteConnection> {
  await mkdir(dir, { recursive: true });
  const inner = await openDuckdbWriter(join(dir, '.mc-staging.duckdb'), redactor);
  const folder = (t: TableName) => parquetTableFolder(dir, t);
  // Staging and the column template of each target live in the DuckDB file, under schema main.
  const local = (t: TableName): TableName => ({ schema: 'main', name: `${t.schema ? `${t.schema}__` : ''}${t.name}` });
  return {
    engine: 'duckdb', dialect, location: `parquet:${dir}`, accepts: 'parts',
    tableExists: async (t) => (isStaging(t) ? inner.tableExists(local(t)) : existsSync(folder(t))),
    describe: (t) => inner.describe(local(t)),
    scalar: (sql) => inner.scalar(sql),
    async transaction(grant: WriteGrant, statements) {
      assertGrant(grant);
      throw new CopilotError('INTERNAL', `a Parquet directory runs no SQL statements (${statements.length} given); use promote`);
    },
    async prepare(grant, p) {
      const create = createTableSql(dialect, local(p.target), p.columns, p.keys);
      await inner.transaction(grant, p.staging ? [create, createStagingSql(dialect, local(p.staging), local(p.target))] : [create]);
    },
    loadChunk: (grant, load) => inner.loadChunk(grant, { ...load, staging: local(load.staging) }),
    async promote(grant: WriteGrant, p: PromoteInput) {
      assertGrant(grant);
      const target = folder(p.target);
      const replaced = folder(p.replaced);
      const next = `${target}.mc-new`;
      await rm(next, { recursive: true, force: true });
      await mkdir(next, { recursive: true });
      const stg = dialect.quoteTable(local(p.staging));
      const cols = p.columns.map((c) => dialect.quoteIdent(c)).join(', ');
      let select = `SELECT ${cols} FROM ${stg}`;
      if (p.mode !== 'replace' && existsSync(target)) {
        const old = `read_parquet(${dialect.stringLiteral(`${target}/**/*.parquet`)}, hive_partitioning = true)`;
        const match = p.keys.map((k) => `s.${dialect.quoteIdent(k)} = r.${dialect.quoteIdent(k)}`).join(' AND ');
        select += p.mode === 'merge'
          ? ` UNION ALL SELECT ${cols} FROM ${old} r WHERE NOT EXISTS (SELECT 1 FROM ${stg} s WHERE ${match})`
          : ` UNION ALL SELECT ${cols} FROM ${old}`;
      }
      const partition = p.partitionBy ? `, PARTITION_BY (${dialect.quoteIdent(p.partitionBy)})` : '';
      const out = p.partitionBy ? next : join(next, 'data_0.parquet');
      await inner.transaction(grant, [`COPY (${select}) TO ${dialect.stringLiteral(out)} (FORMAT parquet${partition})`]);
      if (existsSync(target) && !existsSync(replaced)) await rename(target, replaced);
      // No table before: an empty replaced directory says so (and marks the promotion as done).
      if (!existsSync(replaced)) await mkdir(replaced, { recursive: true });
      if (existsSync(target)) await rm(target, { recursive: true, force: true });
      await rename(next, target);
      await inner.transaction(grant, [`DROP TABLE IF EXISTS ${stg}`]);
    },
    close: () => inner.close(),
  };
}

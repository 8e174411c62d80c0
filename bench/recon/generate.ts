// Generates one key kind's benchmark tables (PostgreSQL source, DuckDB target and its 10-difference copy), in its
// own process so the measuring process's memory figures do not include generation.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { diff10Sql, duckCreateSql, KEY_KINDS, pgCreateSql, type KeyKind } from './data.js';

export async function main(args: string[]): Promise<number> {
  const [kindText, rowsText, pgUrl, duckPath] = args;
  const kind = kindText as KeyKind;
  if (!KEY_KINDS.includes(kind)) throw new Error(`unknown key kind ${kindText}`);
  const rows = Number(rowsText);
  mkdirSync(dirname(duckPath!), { recursive: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const db = await DuckDBInstance.create(duckPath!);
  const c = await db.connect();
  await Promise.all([
    (async () => { for (const sql of pgCreateSql(kind, rows)) await client.query(sql); })(),
    (async () => { for (const sql of [...duckCreateSql(kind, rows), ...diff10Sql(kind, rows).sql]) await c.run(sql); await c.run('CHECKPOINT'); })(),
  ]);
  c.closeSync();
  db.closeSync();
  await client.end();
  return 0;
}

// Golden tests of the RewriteAgent's translator over real-world queries (test/fixtures/sql-corpus/,
// sources in its SOURCES.md): each query's translation, or the reasons it is left to people, equals
// its golden file (test/golden/rewrite/<dialect>/<set>/<query>.txt; UPDATE_GOLDEN=1 rewrites them), and
// every translation is prepared by the target engine against an empty schema where the tables exist
// (DuckDB in memory; PostgreSQL in a scratch database created and dropped here), so no translation that
// the target cannot even read passes.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateView } from '../../../core/dialects/translate/translate.js';
import { pgServerUrl } from '../../support/db.js';
import { createDatabase, pgQuery } from './scratch-db.js';

const CORPUS = join(import.meta.dirname, '../../fixtures/sql-corpus');
const GOLDEN = join(import.meta.dirname, '../../golden/rewrite');

interface Case { readonly source: string; readonly target: string; readonly set: string; readonly query: string }

const SETS: readonly { source: string; target: string; set: string }[] = [
  { source: 'postgres', target: 'duckdb', set: 'tpch' },
  { source: 'mysql', target: 'postgres', set: 'sakila' },
  { source: 'redshift', target: 'duckdb', set: 'admin-views' },
  { source: 'hive', target: 'duckdb', set: 'tpcds' },
];
/** The empty schemas translations are prepared against: DuckDB's for each set into DuckDB, PostgreSQL's for the MySQL set. */
const DUCK_SCHEMAS = ['postgres/tpch/schema.sql', 'hive/tpcds/schema.sql'];
const PG_SCHEMA = 'mysql/sakila/schema.postgres.sql';
const cases: Case[] = SETS.flatMap((s) => readdirSync(join(CORPUS, s.source, s.set)).filter((f) => f.endsWith('.sql') && !f.startsWith('schema')).sort()
  .map((f) => ({ ...s, query: f.replace(/\.sql$/, '') })));

function rendered(c: Case): { text: string; sql?: string } {
  const t = translateView(readFileSync(join(CORPUS, c.source, c.set, `${c.query}.sql`), 'utf8'), c.source, c.target);
  const text = t.sql !== undefined ? `-- translated from ${c.source} to ${c.target}\n${t.sql}\n` : `-- left to people (a manual decision):\n${t.reasons.map((r) => `-- ${r}`).join('\n')}\n`;
  return { text, ...(t.sql !== undefined ? { sql: t.sql } : {}) };
}

let duck: { instance: DuckDBInstance; conn: DuckDBConnection };
let pgScratch: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  // Each set's tables in a schema of its own, so sets that share a table name (customer, item, store) do not meet.
  for (const file of DUCK_SCHEMAS) {
    const schema = file.split('/')[1]!;
    await conn.run(`CREATE SCHEMA ${schema}`);
    await conn.run(`SET schema = '${schema}'`);
    await conn.run(readFileSync(join(CORPUS, file), 'utf8'));
  }
  duck = { instance, conn };
  pgScratch = await createDatabase(pgServerUrl());
  await pgQuery(pgScratch.url, readFileSync(join(CORPUS, PG_SCHEMA), 'utf8'));
});

afterAll(async () => {
  duck?.conn.closeSync();
  duck?.instance.closeSync();
  await pgScratch?.drop();
});

describe('rewrite golden corpus', () => {
  it('holds queries for each set', () => {
    for (const set of SETS) expect(cases.filter((c) => c.set === set.set).length, set.set).toBeGreaterThanOrEqual(6);
  });

  it.each(cases.map((c) => [`${c.source}/${c.set}/${c.query} -> ${c.target}`, c] as const))('%s', async (_name, c) => {
    const { text, sql } = rendered(c);
    const golden = join(GOLDEN, c.source, c.set, `${c.query}.${c.target}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
    if (sql === undefined) return;
    const statement = `PREPARE golden_${c.query.replace(/[^a-z0-9_]/gi, '_')} AS ${sql}`;
    if (c.target === 'postgres') {
      await pgQuery(pgScratch!.url, statement);
      return;
    }
    if (c.target !== 'duckdb') throw new Error(`${c.query}: a ${c.target} translation needs an empty ${c.target} schema to be prepared against`);
    const schema = DUCK_SCHEMAS.find((f) => f.startsWith(`${c.source}/${c.set}/`))?.split('/')[1];
    if (!schema) {
      throw new Error(`${c.source}/${c.set}/${c.query} translates, but the set has no schema.sql to prepare it against: add one (and list it in DUCK_SCHEMAS)`);
    }
    await duck.conn.run(`SET schema = '${schema}'`);
    await duck.conn.run(statement);
  });
});

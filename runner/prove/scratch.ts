// The proof database: a scratch database of the target engine holding the same data as the source for
// the tables the translated views read, with the mapped target types, and the translated views. Rows
// cross as the plan's copy steps move them (core/plan/transfer.ts: exact text out of the source, cast to
// the mapped type in the target). It is never the migration's target: DuckDB gets a private temporary
// file; PostgreSQL a database the user names for proofs (`--scratch`), which must not already hold any
// schema the proof creates. Everything created is dropped when the proof ends.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdb } from '../../core/dialects/duckdb.js';
import type { Dialect, TableName } from '../../core/dialects/index.js';
import { postgres } from '../../core/dialects/postgres.js';
import { CopilotError } from '../../core/errors.js';
import { duckdbCsvInsertSql, extractExpr, type TransferColumn } from '../../core/plan/transfer.js';
import { createTableSql } from '../../core/plan/write-sql.js';
import type { ReadConnection } from '../connectors/connection.js';
import { csvOfRows } from '../connectors/csv.js';
import { driverError } from '../connectors/errors.js';
import { openConnection } from '../connectors/open.js';
import { connectPostgres } from '../connectors/pg-client.js';
import { copyIn } from '../connectors/pg-copy.js';
import { Redactor } from '../secrets/redact.js';
import { resolveSecret } from '../secrets/resolve.js';

/** One table to copy: where it comes from, where it goes, its columns as the mapping says. */
export interface ScratchTable {
  readonly source: TableName;
  readonly target: TableName;
  readonly key: readonly string[];
  readonly columns: readonly TransferColumn[];
}

export interface Scratch {
  /** A read-only connection to the filled scratch database. */
  readonly conn: ReadConnection;
  /** Rows copied per target table. */
  readonly copied: Readonly<Record<string, number>>;
  /** Model statements that failed in the target, by model path: the engine's message. */
  readonly failedModels: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

export interface ScratchModel {
  readonly path: string;
  readonly statement: string;
}

interface Writer {
  readonly dialect: Dialect;
  run(sql: string): Promise<void>;
  load(t: ScratchTable, csv: AsyncIterable<Buffer>): Promise<number>;
  close(): Promise<void>;
}

const BATCH = 20_000;
const label = (t: TableName) => (t.schema ? `${t.schema}.${t.name}` : t.name);

async function duckdbWriter(dir: string): Promise<{ writer: Writer; uri: string; cleanup: () => Promise<void> }> {
  const path = join(dir, 'proof.duckdb');
  const instance = await DuckDBInstance.create(path, { memory_limit: '256MB', threads: '2' });
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  let n = 0;
  const writer: Writer = {
    dialect: duckdb,
    run: async (sql) => { await conn.run(sql); },
    async load(t, csv) {
      const file = join(dir, `load-${n++}.csv`);
      const out = createWriteStream(file);
      for await (const c of csv) if (!out.write(c)) await once(out, 'drain');
      out.end();
      await once(out, 'close');
      const r = await conn.run(duckdbCsvInsertSql(t.target, t.columns, [file]));
      await rm(file, { force: true });
      return Number(r.rowsChanged);
    },
    close: async () => { conn.closeSync(); instance.closeSync(); },
  };
  return { writer, uri: `duckdb:${path}`, cleanup: async () => {} };
}

async function postgresWriter(url: string, redactor: Redactor, schemas: readonly string[]): Promise<{ writer: Writer; cleanup: () => Promise<void> }> {
  const { client, location, query } = await connectPostgres(url, redactor, { options: '-c TimeZone=UTC' });
  const run = async (sql: string) => { await query(sql); };
  const taken = (await query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas])).rows.map((r: { nspname: string }) => r.nspname);
  if (taken.length > 0) {
    await client.end();
    throw new CopilotError('INPUT_INVALID', `the scratch database ${location} already holds schema ${taken.join(', ')}; proofs never write into existing schemas`, {
      hint: 'name an empty database for proofs (--scratch), never the migration target',
    });
  }
  const created: string[] = [];
  const writer: Writer = {
    dialect: postgres,
    async run(sql) {
      await run(sql);
    },
    async load(t, csv) {
      const cols = t.columns.map((c) => postgres.quoteIdent(c.target)).join(', ');
      try {
        return await copyIn(client, `COPY ${postgres.quoteTable(t.target)} (${cols}) FROM STDIN WITH (FORMAT csv)`, csv);
      } catch (e) {
        throw driverError(e, 'QUERY_FAILED', location, redactor);
      }
    },
    close: async () => {},
  };
  for (const s of schemas) {
    await run(`CREATE SCHEMA ${postgres.quoteIdent(s)}`);
    created.push(s);
  }
  return {
    writer,
    cleanup: async () => {
      try {
        for (const s of created) await client.query(`DROP SCHEMA IF EXISTS ${postgres.quoteIdent(s)} CASCADE`).catch(() => undefined);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/**
 * Fills a scratch database of `targetEngine` from `source`: each table created with its mapped types
 * and loaded, then each model statement run in order (a statement that fails is recorded, not thrown:
 * a translation the target rejects is a finding of the proof).
 */
export async function buildScratch(opts: {
  readonly source: ReadConnection;
  /** CSV of a SELECT on the source, when it offers one (PostgreSQL's COPY): no row objects at all. */
  readonly csv?: (select: string) => AsyncIterable<Buffer>;
  readonly targetEngine: string;
  readonly scratchUri?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly tables: readonly ScratchTable[];
  readonly models: readonly ScratchModel[];
}): Promise<Scratch> {
  const redactor = new Redactor();
  const dir = await mkdtemp(join(tmpdir(), 'mc-proof-'));
  const schemas = [...new Set(opts.tables.map((t) => t.target.schema ?? 'public'))].sort();
  let made: { writer: Writer; uri: string; cleanup: () => Promise<void> };
  if (opts.targetEngine === 'duckdb') {
    made = await duckdbWriter(dir);
    for (const s of schemas) await made.writer.run(`CREATE SCHEMA IF NOT EXISTS ${duckdb.quoteIdent(s)}`);
  } else if (opts.targetEngine === 'postgres') {
    if (!opts.scratchUri) {
      await rm(dir, { recursive: true, force: true });
      throw new CopilotError('USAGE', 'proving views in PostgreSQL needs --scratch URI: an empty database the proof may fill and empty again', {
        hint: 'create one (CREATE DATABASE proofs) and pass postgres://.../proofs or env:NAME',
      });
    }
    const url = resolveSecret(opts.scratchUri, opts.env, redactor);
    made = { ...(await postgresWriter(url, redactor, schemas)), uri: opts.scratchUri };
  } else {
    await rm(dir, { recursive: true, force: true });
    throw new CopilotError('USAGE', `views are proven in duckdb and postgres targets, not ${opts.targetEngine}`, { hint: 'prove against a staging copy by hand' });
  }
  const { writer } = made;
  const copied: Record<string, number> = {};
  const failedModels: Record<string, string> = {};
  const drop = async () => {
    await made.cleanup();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const t of opts.tables) {
      await writer.run(createTableSql(writer.dialect, t.target, t.columns.map((c) => ({ name: c.target, type: c.targetType })), t.key));
      const select = `SELECT ${t.columns.map((c, i) => `${extractExpr(opts.source.dialect, writer.dialect.engine, c)} AS c${i}`).join(', ')} FROM ${opts.source.relation(t.source)}`;
      copied[label(t.target)] = await writer.load(t, opts.csv ? opts.csv(select) : csvOfRows(opts.source.stream(select, BATCH), t.columns.map((_, i) => `c${i}`)));
    }
    // Fresh tables have no statistics: without them PostgreSQL plans the views' joins blind.
    if (writer.dialect.engine === 'postgres') await writer.run(`ANALYZE ${opts.tables.map((t) => writer.dialect.quoteTable(t.target)).join(', ')}`);
    for (const m of opts.models) {
      try {
        await writer.run(m.statement);
      } catch (e) {
        failedModels[m.path] = redactor.redact((e as Error).message).split('\n')[0]!.slice(0, 300);
      }
    }
  } catch (e) {
    await writer.close();
    await drop();
    throw e;
  }
  await writer.close();
  let conn: ReadConnection;
  try {
    conn = await openConnection(made.uri, opts.env, redactor);
  } catch (e) {
    await drop();
    throw e;
  }
  return { conn, copied, failedModels, drop: async () => { await conn.close(); await drop(); } };
}

// Types across each writer pair, with the real servers: PostgreSQL arrays into MySQL/MariaDB as JSON,
// DuckDB lists into PostgreSQL arrays (and into MySQL as JSON), enums by label, bytea/blob byte for byte,
// JSON (a JSON null apart from SQL NULL), exact decimals and timestamps with zone. Each chunk goes the way
// the copy step sends it (its chunk SELECT, then the writer's loadChunk), three rows per pair.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql2 from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../core/dialects/index.js';
import type { TransferColumn } from '../../../core/plan/transfer.js';
import { openExtractor, type Extractor } from '../../../runner/connectors/extract.js';
import { openWriter } from '../../../runner/connectors/open-writer.js';
import type { WriteConnection } from '../../../runner/connectors/writer.js';
import { rehearsalGrants } from '../../../runner/gate/write-grant.js';
import { chunkCsv, chunkSelect } from '../../../runner/jobs/copy-step.js';
import { mysqlServerUrl, pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';
import { pgQuery } from '../execute/support.js';

// Genuine grants without a signed repository (what the rehearsal uses for its scratch targets).
const grant = rehearsalGrants('0'.repeat(64))('copy-t');
const pg = pgServerUrl();
const my = mysqlServerUrl();
const schema = uniqueName('mc_types');
const myDb = uniqueName('mc_types');
let dir: string;
let duckSrc: string;

// The same three rows in every source: awkward values, empties, then all NULL.
const PG_ROWS = `(1, '{1,2,NULL}', ARRAY['a"b', 'c,d', NULL, '', 'back\\slash'], 'ok', '\\x00ff0a', '{"k": [1, "x"]}', 12345678901234.123456, '2024-01-02 03:04:05.123456+02'),
  (2, '{}', '{}', 'sad "x"', '', 'null', -0.000001, '1999-12-31 23:59:59.999999+00'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;

/** What every target must hold, as text: arrays as JSON (normalised), bytes as upper-case hex. */
const EXPECTED = [
  { id: 1, ia: [1, 2, null], ta: ['a"b', 'c,d', null, '', 'back\\slash'], m: 'ok', bin: '00FF0A', j: { k: [1, 'x'] }, amount: '12345678901234.123456', ts: '2024-01-02 01:04:05.123456' },
  { id: 2, ia: [], ta: [], m: 'sad "x"', bin: '', j: null, amount: '-0.000001', ts: '1999-12-31 23:59:59.999999' },
  { id: 3, ia: null, ta: null, m: null, bin: null, j: undefined, amount: null, ts: null },
];

const col = (source: string, sourceType: string, targetType: string): TransferColumn => ({ source, sourceType, target: source, targetType });

async function copy(src: Extractor, table: string, columns: TransferColumn[], dst: WriteConnection, staging: { schema?: string; name: string }): Promise<number> {
  const select = chunkSelect(src, dst.engine, columns, table, 'id', {});
  const names = columns.map((c) => c.target);
  const input = dst.accepts === 'rows' ? { kind: 'rows' as const, batches: src.rows(select, 2) } : { kind: 'csv' as const, chunks: chunkCsv(src, select, names) };
  return dst.loadChunk(grant, { staging, columns, key: 'id', range: {}, input });
}

/** Normalises what a target read back (JSON text parsed; a JSON null kept apart from SQL NULL as undefined). */
function normal(rows: Record<string, unknown>[]) {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));
  return rows.map((r) => ({
    id: Number(r.id), ia: json(r.ia), ta: json(r.ta), m: r.m ?? null, bin: r.bin === null ? null : String(r.bin).toUpperCase(),
    j: r.j === null || r.j === undefined ? undefined : json(r.j), amount: r.amount ?? null, ts: r.ts ?? null,
  }));
}

const PG_READ = (t: string) => `SELECT id, array_to_json(ia)::text AS ia, array_to_json(ta)::text AS ta, m::text AS m, encode(bin, 'hex') AS bin, j::text AS j,
  amount::text AS amount, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM ${t} ORDER BY id`;
const MY_READ = (t: string) => `SELECT id, CAST(ia AS CHAR) AS ia, CAST(ta AS CHAR) AS ta, m, HEX(bin) AS bin, CAST(j AS CHAR) AS j, CAST(amount AS CHAR) AS amount,
  CAST(ts AS CHAR) AS ts FROM ${t} ORDER BY id`;

async function myRows(sql: string): Promise<Record<string, unknown>[]> {
  const c = await mysql2.createConnection({ uri: withDatabase(my!, myDb), dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    return (await c.query(sql))[0] as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

async function duckRun(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const i = await DuckDBInstance.create(path);
  const c = await i.connect();
  try {
    await c.run("SET TimeZone = 'UTC'");
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    i.closeSync();
  }
}

const PG_COLS = [col('id', 'integer', 'integer'), col('ia', 'integer[]', 'json'), col('ta', 'text[]', 'json'), col('m', 'enum', "enum('ok','sad \"x\"')"),
  col('bin', 'bytea', 'blob'), col('j', 'jsonb', 'json'), col('amount', 'numeric(20,6)', 'decimal(20,6)'), col('ts', 'timestamp with time zone', 'datetime(6)')];
const MY_TABLE = (name: string) => `CREATE TABLE ${name} (id INT NOT NULL, ia JSON, ta JSON, m ENUM('ok','sad "x"'), bin BLOB, j JSON, amount DECIMAL(20,6), ts DATETIME(6))`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-types-'));
  await pgQuery(pg, `CREATE SCHEMA ${schema}; CREATE TYPE ${schema}.mood AS ENUM ('ok', 'sad "x"');
    CREATE TABLE ${schema}.src (id int PRIMARY KEY, ia int[], ta text[], m ${schema}.mood, bin bytea, j jsonb, amount numeric(20,6), ts timestamptz);
    INSERT INTO ${schema}.src VALUES ${PG_ROWS};
    CREATE TABLE ${schema}.stg (id int NOT NULL, ia int[], ta text[], m ${schema}.mood, bin bytea, j jsonb, amount numeric(20,6), ts timestamptz);`);
  duckSrc = join(dir, 'src.duckdb');
  await duckRun(duckSrc, `CREATE TYPE mood AS ENUM ('ok', 'sad "x"');
    CREATE TABLE src (id INTEGER, ia INTEGER[], ta VARCHAR[], m mood, bin BLOB, j JSON, amount DECIMAL(20,6), ts TIMESTAMPTZ);
    INSERT INTO src VALUES (1, [1, 2, NULL], ['a"b', 'c,d', NULL, '', 'back\\slash'], 'ok', '\\x00\\xFF\\x0A'::BLOB, '{"k": [1, "x"]}', 12345678901234.123456, '2024-01-02 03:04:05.123456+02'),
      (2, [], [], 'sad "x"', ''::BLOB, 'null', -0.000001, '1999-12-31 23:59:59.999999+00'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`);
  if (my) {
    const c = await mysql2.createConnection(my);
    await c.query(`CREATE DATABASE ${myDb}`);
    await c.end();
  }
}, 60_000);

afterAll(async () => {
  await pgQuery(pg, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  if (my) {
    const c = await mysql2.createConnection(my);
    await c.query(`DROP DATABASE IF EXISTS ${myDb}`);
    await c.end();
  }
  await rm(dir, { recursive: true, force: true });
});

async function pair(sourceUri: string, table: string, columns: TransferColumn[], targetUri: string, staging: { schema?: string; name: string }, read: () => Promise<Record<string, unknown>[]>) {
  const src = await openExtractor(sourceUri, {});
  const dst = await openWriter(targetUri, {});
  try {
    expect(await copy(src, table, columns, dst, staging)).toBe(3);
    // A second load of the same chunk replaces it: each row once.
    expect(await copy(src, table, columns, dst, staging)).toBe(3);
  } finally {
    await src.close();
    await dst.close();
  }
  expect(normal(await read())).toEqual(EXPECTED);
}

const DUCK_COLS = (target: Engine) => [col('id', 'integer', 'integer'), col('ia', 'integer[]', target === 'postgres' ? 'integer[]' : 'json'), col('ta', 'varchar[]', target === 'postgres' ? 'text[]' : 'json'),
  col('m', "enum('ok', 'sad \"x\"')", target === 'postgres' ? `${schema}.mood` : "enum('ok','sad \"x\"')"), col('bin', 'blob', target === 'postgres' ? 'bytea' : 'blob'),
  col('j', 'json', target === 'postgres' ? 'jsonb' : 'json'), col('amount', 'decimal(20,6)', target === 'postgres' ? 'numeric(20,6)' : 'decimal(20,6)'),
  col('ts', 'timestamp with time zone', target === 'postgres' ? 'timestamp with time zone' : 'datetime(6)')];

describe('types across writer pairs', () => {
  it.skipIf(!my)('PostgreSQL -> MySQL/MariaDB: arrays as JSON, enum, bytea as BLOB, jsonb as JSON', async () => {
    await myRows(MY_TABLE('stg_pg'));
    await pair(pg, `${schema}.src`, PG_COLS, withDatabase(my!, myDb), { schema: myDb, name: 'stg_pg' }, () => myRows(MY_READ('stg_pg')));
  });

  it('DuckDB -> PostgreSQL: lists as arrays, enum by label, blob as bytea, JSON as jsonb', async () => {
    await pgQuery(pg, `TRUNCATE ${schema}.stg`);
    await pair(`duckdb:${duckSrc}`, 'main.src', DUCK_COLS('postgres'), pg, { schema, name: 'stg' }, () => pgQuery(pg, PG_READ(`${schema}.stg`)));
  });

  it.skipIf(!my)('DuckDB -> MySQL/MariaDB: lists as JSON', async () => {
    await myRows(MY_TABLE('stg_duck'));
    await pair(`duckdb:${duckSrc}`, 'main.src', DUCK_COLS('mysql'), withDatabase(my!, myDb), { schema: myDb, name: 'stg_duck' }, () => myRows(MY_READ('stg_duck')));
  });

  it('PostgreSQL -> PostgreSQL: the same types, through COPY', async () => {
    await pgQuery(pg, `TRUNCATE ${schema}.stg`);
    const same = [col('id', 'integer', 'integer'), col('ia', 'integer[]', 'integer[]'), col('ta', 'text[]', 'text[]'), col('m', 'enum', `${schema}.mood`),
      col('bin', 'bytea', 'bytea'), col('j', 'jsonb', 'jsonb'), col('amount', 'numeric(20,6)', 'numeric(20,6)'), col('ts', 'timestamp with time zone', 'timestamp with time zone')];
    await pair(pg, `${schema}.src`, same, pg, { schema, name: 'stg' }, () => pgQuery(pg, PG_READ(`${schema}.stg`)));
  });

  it.skipIf(!my)('MySQL/MariaDB -> PostgreSQL and DuckDB: JSON, enum, blob', async () => {
    await myRows(`${MY_TABLE('src')}`);
    await myRows(`INSERT INTO src VALUES (1, '[1, 2, null]', '["a\\\\"b", "c,d", null, "", "back\\\\\\\\slash"]', 'ok', UNHEX('00FF0A'), '{"k": [1, "x"]}', 12345678901234.123456, '2024-01-02 01:04:05.123456'),
      (2, '[]', '[]', 'sad "x"', '', 'null', -0.000001, '1999-12-31 23:59:59.999999'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    const myCols = (target: Engine) => [col('id', 'int', 'integer'), col('ia', 'json', target === 'postgres' ? 'jsonb' : 'json'), col('ta', 'json', target === 'postgres' ? 'jsonb' : 'json'),
      col('m', 'enum', 'varchar'), col('bin', 'blob', target === 'postgres' ? 'bytea' : 'blob'), col('j', 'json', target === 'postgres' ? 'jsonb' : 'json'),
      col('amount', 'decimal(20,6)', target === 'postgres' ? 'numeric(20,6)' : 'decimal(20,6)'), col('ts', 'datetime(6)', target === 'postgres' ? 'timestamp' : 'timestamp')];
    await pgQuery(pg, `CREATE TABLE ${schema}.stg_my (id int NOT NULL, ia jsonb, ta jsonb, m varchar, bin bytea, j jsonb, amount numeric(20,6), ts timestamp)`);
    await pair(withDatabase(my!, myDb), `${myDb}.src`, myCols('postgres'), pg, { schema, name: 'stg_my' },
      () => pgQuery(pg, `SELECT id, ia::text AS ia, ta::text AS ta, m, encode(bin, 'hex') AS bin, j::text AS j, amount::text AS amount, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM ${schema}.stg_my ORDER BY id`));
    const duck = join(dir, 'from-my.duckdb');
    await duckRun(duck, 'CREATE TABLE stg (id INTEGER, ia JSON, ta JSON, m VARCHAR, bin BLOB, j JSON, amount DECIMAL(20,6), ts TIMESTAMP)');
    await pair(withDatabase(my!, myDb), `${myDb}.src`, myCols('duckdb'), `duckdb:${duck}`, { schema: 'main', name: 'stg' },
      () => duckRun(duck, `SELECT id, CAST(ia AS VARCHAR) AS ia, CAST(ta AS VARCHAR) AS ta, m, hex(bin) AS bin, CAST(j AS VARCHAR) AS j, CAST(amount AS VARCHAR) AS amount,
        strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts FROM stg ORDER BY id`));
  });

  it('PostgreSQL -> DuckDB: dates and timestamps before year 1 stay BC, the infinities stay infinite', async () => {
    await pgQuery(pg, `CREATE TABLE ${schema}.bc (id int PRIMARY KEY, d date, t timestamp, tz timestamptz);
      INSERT INTO ${schema}.bc VALUES (1, '0044-03-15 BC', '0044-03-15 12:30:00.5 BC', '0044-03-15 12:30:00+00 BC'),
        (2, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00'), (3, '0001-12-31 BC', '0001-12-31 23:59:59.999999 BC', '0001-12-31 23:59:59+00 BC'),
        (4, '-infinity', '-infinity', '-infinity'), (5, '2024-02-29', '2024-02-29 01:02:03', '2024-02-29 01:02:03+05'), (6, NULL, NULL, NULL)`);
    const duck = join(dir, 'bc.duckdb');
    await duckRun(duck, 'CREATE TABLE stg (id INTEGER NOT NULL, d DATE, t TIMESTAMP, tz TIMESTAMPTZ)');
    const columns = [col('id', 'integer', 'integer'), col('d', 'date', 'date'), col('t', 'timestamp without time zone', 'timestamp'), col('tz', 'timestamp with time zone', 'timestamp with time zone')];
    const src = await openExtractor(pg, {});
    const dst = await openWriter(`duckdb:${duck}`, {});
    try {
      expect(await copy(src, `${schema}.bc`, columns, dst, { schema: 'main', name: 'stg' })).toBe(6);
    } finally {
      await src.close();
      await dst.close();
    }
    // Read back as years, months and days (DuckDB: year 0 is 1 BC), not as text either side formats its own way.
    // (The zone-aware year() of a TIMESTAMPTZ counts by era, so the instant is read back as a UTC TIMESTAMP.)
    const got = await duckRun(duck, `SELECT id, CAST(year(d) AS INTEGER) AS dy, CAST(month(d) AS INTEGER) AS dm, CAST(day(d) AS INTEGER) AS dd, CAST(t AS VARCHAR) AS t,
      CAST(year(t) AS INTEGER) AS ty, CAST(tz AS VARCHAR) AS tz, CAST(year(CAST(tz AS TIMESTAMP)) AS INTEGER) AS tzy FROM stg ORDER BY id`);
    expect(got.map((r) => [r.id, r.dy, r.dm, r.dd, r.ty, r.tzy])).toEqual([
      [1, -43, 3, 15, -43, -43], [2, 1, 1, 1, 1, 1], [3, 0, 12, 31, 0, 0], [4, null, null, null, null, null], [5, 2024, 2, 29, 2024, 2024], [6, null, null, null, null, null],
    ]);
    expect(got[0]!.t).toBe('0044-03-15 (BC) 12:30:00.5');
    expect(got[3]!.t).toBe('-infinity');
    expect(got[4]!.tz).toBe('2024-02-28 20:02:03+00');
  });
});

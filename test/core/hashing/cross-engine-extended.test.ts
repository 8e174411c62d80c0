// Property: arrays (element order kept, NULL elements apart from empty strings), enums (by label),
// intervals (months, days and microseconds apart), unconstrained numerics (exact value) and JSON (the leaf
// form each engine builds by walking the document, whatever key order or spacing was stored) hash the same
// in PostgreSQL and DuckDB, and as the TypeScript reference says. MySQL and MariaDB have no arrays or
// intervals, so this property runs on the two engines that do.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdb } from '../../../core/dialects/duckdb.js';
import type { Dialect } from '../../../core/dialects/index.js';
import { postgres } from '../../../core/dialects/postgres.js';
import { compileRowHash, DEFAULT_HASHING_SPEC as spec, referenceField, referenceRowHash, type HashColumn, type ReferenceValue } from '../../../core/hashing/index.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';

const LABELS = ['sad', 'ok', 'happy', 'a|b', 'back\\slash'];

interface Col {
  readonly name: string;
  readonly column: Omit<HashColumn, 'name' | 'physical'>;
  readonly pg: string;
  readonly duck: string;
  /** SQL turning parameter $i (text) into the value. */
  readonly pgIn: (i: number) => string;
  readonly duckIn: (i: number) => string;
}

const COLS: Col[] = [
  { name: 'arr', column: { logical: 'array', element: { logical: 'string', physical: 'text' } }, pg: 'text[]', duck: 'VARCHAR[]',
    pgIn: (i) => `(SELECT COALESCE(array_agg(e ORDER BY n), '{}') FROM json_array_elements_text($${i}::json) WITH ORDINALITY AS x(e, n))`,
    duckIn: (i) => `CAST(CAST($${i} AS JSON) AS VARCHAR[])` },
  { name: 'iarr', column: { logical: 'array', element: { logical: 'integer', physical: 'bigint' } }, pg: 'bigint[]', duck: 'BIGINT[]',
    pgIn: (i) => `(SELECT COALESCE(array_agg(e::bigint ORDER BY n), '{}') FROM json_array_elements_text($${i}::json) WITH ORDINALITY AS x(e, n))`,
    duckIn: (i) => `CAST(CAST($${i} AS JSON) AS BIGINT[])` },
  { name: 'en', column: { logical: 'enum' }, pg: 'mood', duck: `ENUM(${LABELS.map((l) => `'${l}'`).join(', ')})`,
    pgIn: (i) => `$${i}::mood`, duckIn: (i) => `$${i}` },
  { name: 'iv', column: { logical: 'interval' }, pg: 'interval', duck: 'INTERVAL',
    pgIn: (i) => `(SELECT make_interval(0, split_part($${i}, ' ', 1)::int, 0, split_part($${i}, ' ', 2)::int) + split_part($${i}, ' ', 3)::bigint * interval '1 microsecond')`,
    duckIn: (i) => `(to_months(CAST(split_part($${i}, ' ', 1) AS INTEGER)) + to_days(CAST(split_part($${i}, ' ', 2) AS INTEGER)) + to_microseconds(CAST(split_part($${i}, ' ', 3) AS BIGINT)))` },
  { name: 'num', column: { logical: 'decimal' }, pg: 'numeric', duck: 'DECIMAL(38,10)', pgIn: (i) => `$${i}::numeric`, duckIn: (i) => `CAST($${i} AS DECIMAL(38,10))` },
];

type Cell = { ref: ReferenceValue; text: string } | null;

const text = fc.oneof(fc.constantFrom('', 'NULL', '"', '\\', ',', '{}', '|', 'caf\u00e9'), fc.string({ maxLength: 6 })).filter((s) => !s.includes('\u0000'));
const cells: fc.Arbitrary<Cell>[] = [
  fc.array(fc.option(text, { nil: null }), { maxLength: 4 }).map((xs) => ({ ref: xs, text: JSON.stringify(xs) })),
  fc.array(fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }), { maxLength: 4 })
    .map((xs) => ({ ref: xs, text: `[${xs.map((x) => (x === null ? 'null' : x.toString())).join(',')}]` })),
  fc.constantFrom(...LABELS).map((l) => ({ ref: l, text: l })),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }))
    .map(([months, days, micros]) => ({ ref: { months, days, micros }, text: `${months} ${days} ${micros}` })),
  fc.tuple(fc.bigInt({ min: -(10n ** 27n) + 1n, max: 10n ** 27n - 1n }), fc.integer({ min: 0, max: 10 })).map(([v, zeros]) => {
    // v / 10^10, printed with up to 10 fraction digits plus trailing zeros the exact form must drop.
    const neg = v < 0n;
    const digits = (neg ? -v : v).toString().padStart(11, '0');
    const t = `${neg ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}${'0'.repeat(zeros % 3)}`;
    return { ref: t, text: t };
  }),
];

const row = fc.tuple(...cells.map((c) => fc.option(c, { nil: null, freq: 8 })));

const pgUrl = pgServerUrl();
const schema = uniqueName('hash_prop_ext');
let pgc: pg.Client;
let duck: DuckDBInstance;
let dc: DuckDBConnection;

beforeAll(async () => {
  pgc = new pg.Client({ connectionString: pgUrl });
  await pgc.connect();
  await pgc.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  await pgc.query(`CREATE TYPE mood AS ENUM (${LABELS.map((l) => `'${l}'`).join(', ')})`);
  await pgc.query(`CREATE TABLE t (id int PRIMARY KEY, ${COLS.map((c) => `${c.name} ${c.pg}`).join(', ')})`);
  duck = await DuckDBInstance.create(':memory:');
  dc = await duck.connect();
  await dc.run(`CREATE TABLE t (id INTEGER PRIMARY KEY, ${COLS.map((c) => `${c.name} ${c.duck}`).join(', ')})`);
});

afterAll(async () => {
  await pgc?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pgc?.end();
  dc?.closeSync();
  duck?.closeSync();
});

function hashSql(d: Dialect, engine: 'pg' | 'duck'): string {
  const cols = COLS.map((c) => ({ name: c.name, physical: (engine === 'pg' ? c.pg : c.duck).toLowerCase(), ...c.column }) as HashColumn);
  const h = compileRowHash(d, spec, [{ name: 'id', logical: 'integer', physical: 'integer' }], cols);
  return `SELECT ${h.rowHash} AS h, ${h.fields.map((f, i) => `${f} AS ${d.quoteIdent(`f${i}`)}`).join(', ')} FROM t ORDER BY id`;
}

function expected(rows: Cell[][]): Record<string, string>[] {
  return rows.map((r, n) => {
    const fields = r.map((c, i) => {
      const col = COLS[i]!.column;
      return referenceField(spec, col.logical, c === null ? null : c.ref, col.scale, col.element?.logical);
    });
    return { ...Object.fromEntries(COLS.map((c, i) => [c.name, fields[i]!])), h: referenceRowHash(spec, [String(n), ...fields]) };
  });
}

const actual = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...Object.fromEntries(COLS.map((c, i) => [c.name, String(r[`f${i}`])])), h: String(r.h) }));

describe('arrays, enums, intervals, exact numerics and JSON across engines', () => {
  it('PostgreSQL and DuckDB agree with the reference on generated rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (rows) => {
        await pgc.query('TRUNCATE t');
        await dc.run('DELETE FROM t');
        for (const [n, r] of rows.entries()) {
          const texts = [String(n), ...r.map((c) => (c === null ? null : c.text))];
          await pgc.query(`INSERT INTO t VALUES ($1::int, ${COLS.map((c, i) => `CASE WHEN $${i + 2}::text IS NULL THEN NULL ELSE ${c.pgIn(i + 2)} END`).join(', ')})`, texts);
          await dc.run(`INSERT INTO t VALUES (CAST($1 AS INTEGER), ${COLS.map((c, i) => `CASE WHEN $${i + 2} IS NULL THEN NULL ELSE ${c.duckIn(i + 2)} END`).join(', ')})`, texts);
        }
        const want = expected(rows);
        expect(actual((await pgc.query(hashSql(postgres, 'pg'))).rows)).toEqual(want);
        expect(actual((await dc.runAndReadAll(hashSql(duckdb, 'duck'))).getRowObjectsJson())).toEqual(want);
      }),
      { numRuns: 25, seed: 20261130, endOnFailure: true },
    );
  });

  // DuckDB walks each document with a correlated recursive query (json_tree): one document a run.
  it('JSON: the leaf form built inside each engine equals the reference, whatever key order or spacing was stored', async () => {
    const pgJson = postgres.canonical('$1::jsonb', { name: 'j', logical: 'json', physical: 'jsonb' });
    const duckJson = duckdb.canonical('CAST($1 AS JSON)', { name: 'j', logical: 'json', physical: 'json' });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('\\u0000')), fc.boolean(), async (v, pretty) => {
        const doc = JSON.stringify(v, null, pretty ? 1 : undefined);
        const want = referenceField(spec, 'json', doc);
        const p = (await pgc.query(`SELECT ${pgJson} AS c`, [doc])).rows[0].c as string;
        const d = (await dc.runAndReadAll(`SELECT ${duckJson} AS c`, [doc])).getRowObjectsJson()[0]!.c as string;
        const esc = (x: string) => referenceField(spec, 'string', x);
        expect([esc(p), esc(d)]).toEqual([want, want]);
      }),
      { numRuns: 40, seed: 20261130, endOnFailure: true },
    );
  }, 120_000);
});

// The benchmark tables, generated deterministically on each side: the same integer arithmetic in
// PostgreSQL and DuckDB gives the same values, so the copies are identical without moving data.
// Row g has the number m = 2g; its key is made from m by the key kind (the integer itself, md5 of its
// text, that md5 as a uuid, or a (text, date) pair), leaving odd m free for scattered inserts.
import { createHash } from 'node:crypto';

export const PG_SCHEMA = 'mc_bench_recon';

export const KEY_KINDS = ['int', 'text', 'uuid', 'composite'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

interface KeyDef {
  readonly columns: string[];
  readonly pgTypes: string[];
  readonly duckTypes: string[];
  /** Key column expressions from an integer expression m. */
  readonly pg: (m: string) => string[];
  readonly duck: (m: string) => string[];
  /** The key of m as the report lists it. */
  readonly value: (m: number) => Record<string, string | number>;
  /** A predicate selecting the row of m (DuckDB). */
  readonly where: (m: number) => string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
const dayOf = (m: number) => new Date(Date.UTC(2000, 0, 1) + Math.floor(m / 997) * 86_400_000).toISOString().slice(0, 10);

export const KEYS: Readonly<Record<KeyKind, KeyDef>> = {
  int: {
    columns: ['id'], pgTypes: ['bigint'], duckTypes: ['BIGINT'],
    pg: (m) => [m], duck: (m) => [m],
    value: (m) => ({ id: m }), where: (m) => `id = ${m}`,
  },
  text: {
    columns: ['k'], pgTypes: ['text'], duckTypes: ['VARCHAR'],
    pg: (m) => [`md5((${m})::text)`], duck: (m) => [`md5(CAST(${m} AS VARCHAR))`],
    value: (m) => ({ k: md5(String(m)) }), where: (m) => `k = '${md5(String(m))}'`,
  },
  uuid: {
    columns: ['k'], pgTypes: ['uuid'], duckTypes: ['UUID'],
    pg: (m) => [`md5((${m})::text)::uuid`], duck: (m) => [`CAST(md5(CAST(${m} AS VARCHAR)) AS UUID)`],
    value: (m) => ({ k: uuidOf(md5(String(m))) }), where: (m) => `k = '${uuidOf(md5(String(m)))}'`,
  },
  composite: {
    columns: ['r', 'day'], pgTypes: ['text', 'date'], duckTypes: ['VARCHAR', 'DATE'],
    pg: (m) => [`'r' || ((${m}) % 997)`, `date '2000-01-01' + ((${m}) / 997)::int`],
    duck: (m) => [`'r' || ((${m}) % 997)`, `DATE '2000-01-01' + CAST((${m}) // 997 AS INTEGER)`],
    value: (m) => ({ r: `r${m % 997}`, day: dayOf(m) }), where: (m) => `r = 'r${m % 997}' AND day = DATE '${dayOf(m)}'`,
  },
};

export function tableName(kind: KeyKind, rows: number): string {
  return kind === 'int' ? `t_${rows}` : `t_${kind}_${rows}`;
}

export function keyColumns(kind: KeyKind): string[] {
  return KEYS[kind].columns;
}

const VALUE_COLS = 'b bigint, n numeric(18,4), f double precision, s text, ts timestamptz, flag boolean, d date';
const DUCK_VALUE_COLS = 'b BIGINT, n DECIMAL(18,4), f DOUBLE, s VARCHAR, ts TIMESTAMPTZ, flag BOOLEAN, d DATE';

function pgValues(g: string): string {
  return `(${g} * 2654435761) % 1000000007, ((${g} * 7919) % 1000000) * 0.0001::numeric(18,4), ${g}::float8 / 7.0::float8, 'row-' || ${g}, ` +
    `timestamptz '2020-01-01 00:00:00+00' + (${g} * 1000003::bigint) * interval '1 microsecond', ${g} % 3 = 0, date '2000-01-01' + (${g} % 10000)::int`;
}

function duckValues(g: string): string {
  return `(${g} * 2654435761) % 1000000007, CAST((${g} * 7919) % 1000000 AS DECIMAL(18,0)) * CAST(0.0001 AS DECIMAL(18,4)), CAST(${g} AS DOUBLE) / 7.0, ` +
    `'row-' || ${g}, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_microseconds(${g} * 1000003), ${g} % 3 = 0, DATE '2000-01-01' + CAST(${g} % 10000 AS INTEGER)`;
}

export function pgCreateSql(kind: KeyKind, rows: number): string[] {
  const k = KEYS[kind];
  const t = `${PG_SCHEMA}.${tableName(kind, rows)}`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`,
    `DROP TABLE IF EXISTS ${t}`,
    `CREATE UNLOGGED TABLE ${t} (${k.columns.map((c, i) => `${c} ${k.pgTypes[i]} NOT NULL`).join(', ')}, ${VALUE_COLS})`,
    `INSERT INTO ${t} SELECT ${k.pg('g * 2').join(', ')}, ${pgValues('g')} FROM generate_series(1, ${rows}::bigint) g`,
    `ALTER TABLE ${t} ADD PRIMARY KEY (${k.columns.join(', ')})`,
    `VACUUM ANALYZE ${t}`,
  ];
}

export function duckCreateSql(kind: KeyKind, rows: number): string[] {
  const k = KEYS[kind];
  const t = tableName(kind, rows);
  return [
    `CREATE OR REPLACE TABLE ${t} (${k.columns.map((c, i) => `${c} ${k.duckTypes[i]} NOT NULL`).join(', ')}, ${DUCK_VALUE_COLS})`,
    `INSERT INTO ${t} SELECT ${k.duck('g * 2').join(', ')}, ${duckValues('g')} FROM range(1, ${rows} + 1) r(g) ORDER BY g`,
  ];
}

/** Ten scattered differences in a copy: 6 updates of different columns, 2 deletes, 2 inserts (odd m). */
export function diff10Sql(kind: KeyKind, rows: number): { sql: string[]; keys: Record<string, string | number>[] } {
  const k = KEYS[kind];
  const base = tableName(kind, rows);
  const t = `${base}_diff10`;
  const gAt = (i: number) => Math.max(1, Math.floor((rows * i) / 11));
  const gs = Array.from({ length: 10 }, (_, i) => gAt(i + 1));
  const ms = gs.map((g) => 2 * g);
  const [u1, u2, u3, u4, u5, u6, d1, d2] = ms as [number, number, number, number, number, number, number, number];
  const [i1, i2] = [gs[8]!, gs[9]!];
  return {
    sql: [
      `CREATE OR REPLACE TABLE ${t} AS SELECT * FROM ${base}`,
      `UPDATE ${t} SET n = n + 0.0001 WHERE ${k.where(u1)}`,
      `UPDATE ${t} SET s = s || ' ' WHERE ${k.where(u2)}`,
      `UPDATE ${t} SET ts = ts + INTERVAL '1 microsecond' WHERE ${k.where(u3)}`,
      `UPDATE ${t} SET f = f * 2 WHERE ${k.where(u4)}`,
      `UPDATE ${t} SET flag = NOT flag WHERE ${k.where(u5)}`,
      `UPDATE ${t} SET b = NULL WHERE ${k.where(u6)}`,
      `DELETE FROM ${t} WHERE ${k.where(d1)} OR ${k.where(d2)}`,
      ...[i1, i2].map((g) => `INSERT INTO ${t} SELECT ${k.duck(`${2 * g + 1}`).join(', ')}, ${duckValues(`CAST(${g} AS BIGINT)`)}`),
    ],
    keys: [u1, u2, u3, u4, u5, u6, d1, d2, 2 * i1 + 1, 2 * i2 + 1].map(k.value),
  };
}

// The benchmark table, generated deterministically on each side: the same integer arithmetic in
// PostgreSQL and DuckDB gives the same values, so the copies are identical without moving data.
// Keys are even numbers 2..2N, leaving odd keys free for scattered inserts.
export const PG_SCHEMA = 'mc_bench_recon';

export function tableName(rows: number): string {
  return `t_${rows}`;
}

export const COLUMNS = 'id, b, n, f, s, ts, flag, d';

export function pgCreateSql(rows: number): string[] {
  const t = `${PG_SCHEMA}.${tableName(rows)}`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`,
    `DROP TABLE IF EXISTS ${t}`,
    `CREATE UNLOGGED TABLE ${t} (id bigint NOT NULL, b bigint, n numeric(18,4), f double precision, s text, ts timestamptz, flag boolean, d date)`,
    `INSERT INTO ${t} SELECT g * 2, (g * 2654435761) % 1000000007, ((g * 7919) % 1000000) * 0.0001::numeric(18,4),
      g::float8 / 7.0::float8, 'row-' || g, timestamptz '2020-01-01 00:00:00+00' + (g * 1000003::bigint) * interval '1 microsecond',
      g % 3 = 0, date '2000-01-01' + (g % 10000)::int FROM generate_series(1, ${rows}::bigint) g`,
    `ALTER TABLE ${t} ADD PRIMARY KEY (id)`,
    `VACUUM ANALYZE ${t}`,
  ];
}

export function duckCreateSql(rows: number): string[] {
  const t = tableName(rows);
  return [
    `CREATE OR REPLACE TABLE ${t} (id BIGINT NOT NULL, b BIGINT, n DECIMAL(18,4), f DOUBLE, s VARCHAR, ts TIMESTAMPTZ, flag BOOLEAN, d DATE)`,
    `INSERT INTO ${t} SELECT g * 2, (g * 2654435761) % 1000000007, CAST((g * 7919) % 1000000 AS DECIMAL(18,0)) * CAST(0.0001 AS DECIMAL(18,4)),
      CAST(g AS DOUBLE) / 7.0, 'row-' || g, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_microseconds(g * 1000003),
      g % 3 = 0, DATE '2000-01-01' + CAST(g % 10000 AS INTEGER) FROM range(1, ${rows} + 1) r(g) ORDER BY g`,
  ];
}

/** Ten scattered differences in a copy: 6 updates of different columns, 2 deletes, 2 inserts (odd keys). */
export function diff10Sql(rows: number): { sql: string[]; keys: string[] } {
  const t = `${tableName(rows)}_diff10`;
  const at = (k: number) => 2 * Math.max(1, Math.floor((rows * k) / 11));
  const ids = Array.from({ length: 10 }, (_, i) => at(i + 1));
  const [u1, u2, u3, u4, u5, u6, d1, d2, i1, i2] = ids as [number, number, number, number, number, number, number, number, number, number];
  return {
    sql: [
      `CREATE OR REPLACE TABLE ${t} AS SELECT * FROM ${tableName(rows)} ORDER BY id`,
      `UPDATE ${t} SET n = n + 0.0001 WHERE id = ${u1}`,
      `UPDATE ${t} SET s = s || ' ' WHERE id = ${u2}`,
      `UPDATE ${t} SET ts = ts + INTERVAL '1 microsecond' WHERE id = ${u3}`,
      `UPDATE ${t} SET f = f * 2 WHERE id = ${u4}`,
      `UPDATE ${t} SET flag = NOT flag WHERE id = ${u5}`,
      `UPDATE ${t} SET b = NULL WHERE id = ${u6}`,
      `DELETE FROM ${t} WHERE id IN (${d1}, ${d2})`,
      `INSERT INTO ${t} SELECT id + 1, b, n, f, s, ts, flag, d FROM ${tableName(rows)} WHERE id IN (${i1}, ${i2})`,
    ],
    keys: [u1, u2, u3, u4, u5, u6, d1, d2, i1 + 1, i2 + 1].map(String).sort(),
  };
}

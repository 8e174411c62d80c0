// The translator's rules where source and target differ, each shown by running the translation on the
// target (DuckDB in memory, PostgreSQL in a scratch database) over rows whose answer the source's
// semantics fix: NULL ordering, Hive's and MySQL's double-quoted strings, MySQL's CONCAT and IF; and the
// forms that must stay decisions.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateView } from '../../../core/dialects/translate/translate.js';
import { pgServerUrl } from '../../support/db.js';
import { createDatabase, pgQuery } from './scratch-db.js';

let duck: { instance: DuckDBInstance; conn: DuckDBConnection };
let scratch: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'b'), (NULL, 'a'), (2, NULL)) v(x, s)");
  duck = { instance, conn };
  scratch = await createDatabase(pgServerUrl());
  await pgQuery(scratch.url, "CREATE TABLE t (x integer, s varchar(10), flag integer); INSERT INTO t VALUES (1, 'b', 1), (NULL, 'a', 0), (2, NULL, NULL)");
});

afterAll(async () => {
  duck?.conn.closeSync();
  duck?.instance.closeSync();
  await scratch?.drop();
});

function translated(sql: string, source: string, target: string): string {
  const t = translateView(sql, source, target);
  if (t.sql === undefined) throw new Error(`not translated: ${t.reasons.join('; ')}`);
  return t.sql;
}

async function duckRows(sql: string): Promise<unknown[][]> {
  return (await duck.conn.runAndReadAll(sql)).getRows();
}

describe('translator semantics', () => {
  it('sorts NULLs where Hive does (first ascending, last descending), not where DuckDB would', async () => {
    expect(await duckRows(translated('select x from t order by x', 'hive', 'duckdb'))).toEqual([[null], [1], [2]]);
    expect(await duckRows(translated('select x from t order by x desc', 'hive', 'duckdb'))).toEqual([[2], [1], [null]]);
  });

  it('sorts NULLs where PostgreSQL does (last ascending, first descending) in DuckDB', async () => {
    expect(await duckRows(translated('select x from t order by x desc', 'postgres', 'duckdb'))).toEqual([[null], [2], [1]]);
    expect(await duckRows(translated('select x from t order by x', 'postgres', 'duckdb'))).toEqual([[1], [2], [null]]);
  });

  it('keeps an explicit NULLS clause of the source', () => {
    expect(translated('select x from t order by x desc nulls last', 'postgres', 'duckdb')).toMatch(/DESC NULLS LAST$/);
  });

  it('reads a Hive double-quoted string as a string and nvl as coalesce', async () => {
    const sql = translated('select nvl(s, "none") as s from t where x = 2', 'hive', 'duckdb');
    expect(sql).toBe('SELECT coalesce("s", \'none\') AS "s" FROM "t" WHERE "x" = 2');
    expect(await duckRows(sql)).toEqual([['none']]);
  });

  it('gives MySQL CONCAT its NULL semantics and IF its truth of a number in PostgreSQL', async () => {
    const sql = translated("select CONCAT(s, _utf8'-', s) AS c, IF(flag, 'on', 'off') AS f from t order by x", 'mysql', 'postgres');
    const rows = await pgQuery(scratch!.url, sql);
    // MySQL: CONCAT is NULL when an argument is; IF(NULL, ...) and IF(0, ...) take the ELSE branch; NULLs sort first.
    expect(rows).toEqual([{ c: 'a-a', f: 'off' }, { c: 'b-b', f: 'on' }, { c: null, f: 'off' }]);
  });

  it('fails to prepare, rather than convert, a CONCAT of a non-string column in PostgreSQL', async () => {
    const sql = translated('select CONCAT(x, s) AS c from t', 'mysql', 'postgres');
    await expect(pgQuery(scratch!.url, `PREPARE p AS ${sql}`)).rejects.toThrow(/textcat/);
  });

  it.each([
    ['select a / b from t', 'hive', 'duckdb', /division \//],
    ['select avg(x) from t', 'hive', 'duckdb', /avg\(\): DuckDB's AVG of a DECIMAL/],
    ['select greatest(a, b) from t', 'hive', 'duckdb', /greatest\(\): Hive returns NULL/],
    ['select date_add(d, 3) from t', 'hive', 'duckdb', /date_add\(\)/],
    ['select cast(s as int) from t', 'hive', 'duckdb', /cast to INT/],
    ['select cast(s as date) from t', 'hive', 'duckdb', /cast to DATE of anything but a 'YYYY-MM-DD' literal/],
    ['select x from t lateral view explode(arr) e as v', 'hive', 'duckdb', /LATERAL VIEW .* lateral join over UNNEST/],
    ["select 'a\\tb' from t", 'hive', 'duckdb', /backslash/],
    ['select x from t distribute by x sort by x', 'hive', 'duckdb', /DISTRIBUTE BY orders or spreads rows per reducer/],
    ['select x, y from t group by x', 'mysql', 'postgres', /neither grouped nor aggregated \(y\)/],
    ['select group_concat(s) from t', 'mysql', 'postgres', /GROUP_CONCAT\(\): MySQL cuts/],
    ['select greatest(a, b) from t', 'mysql', 'postgres', /greatest\(\): MySQL returns NULL/],
    ['select x from t where a / b > 1', 'mysql', 'postgres', /division \/: MySQL/],
    ['select x from t where a / b > 1', 'postgres', 'duckdb', /division \/: PostgreSQL/],
  ])('%s (%s -> %s) is a decision', (sql, source, target, reason) => {
    const t = translateView(sql, source, target);
    expect(t.sql).toBeUndefined();
    expect(t.reasons.join('\n')).toMatch(reason);
  });
});

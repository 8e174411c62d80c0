// A transferred column whose target type DuckDB's CSV reader parses itself is read typed
// (core/plan/transfer.ts duckdbCsvType); that is only right while the reader gives exactly what
// CAST(text AS type) gives. Held here on awkward values of every such type, the way the copy step writes
// them (PostgreSQL's COPY CSV text), against the real DuckDB: the same value, the same refusal.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbCsvInsertSql, duckdbCsvType, type TransferColumn } from '../../../core/plan/transfer.js';

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-duck-csv-'));
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
});
afterAll(async () => {
  conn.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** Awkward CSV fields per target type: edges, exponents, zones, infinities, quoting; '' is NULL. */
const FIELDS: Record<string, readonly string[]> = {
  tinyint: ['-128', '127', '0', '+5', ''],
  smallint: ['-32768', '32767', '007', ''],
  integer: ['-2147483648', '2147483647', '0', ''],
  bigint: ['-9223372036854775808', '9223372036854775807', '1', ''],
  hugeint: ['170141183460469231731687303715884105727', '-1', ''],
  'decimal(18,4)': ['1.23456', '-0.00005', '99999999999999.9999', '1e3', '-0', '0.00004', ''],
  'numeric(38,10)': ['12345678901234567890.0123456789', '-1.00000000005', ''],
  double: ['0.1', '-0', '1e300', '4.9e-324', '1.7976931348623157e308', 'Infinity', '-Infinity', 'NaN', '0.30000000000000004', ''],
  boolean: ['t', 'f', 'true', 'false', 'TRUE', ''],
  varchar: ['x', '"a,""b"""', '""', '"line\nbreak"', 'é ☃', ''],
};

const column = (targetType: string): TransferColumn => ({ source: 'v', sourceType: 'text', target: 'v', targetType });

async function values(sql: string): Promise<string[]> {
  return (await conn.runAndReadAll(sql)).getRows().map((r) => (r[1] === null ? 'NULL' : String(r[1])));
}

describe('DuckDB CSV reads typed exactly as the cast', () => {
  for (const [type, fields] of Object.entries(FIELDS)) {
    it(`${type}: the typed read and CAST(text AS ${type}) give the same values`, async () => {
      expect(duckdbCsvType(column(type))).toBe(type);
      const file = join(dir, `${type.replace(/\W/g, '_')}.csv`);
      await writeFile(file, fields.map((f, i) => `${i},${f}\n`).join(''));
      const opts = "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, new_line = '\\n'";
      const typed = await values(`SELECT c0, CAST(c1 AS VARCHAR) FROM read_csv('${file}', ${opts}, columns = {'c0': 'INTEGER', 'c1': '${type}'}) ORDER BY c0`);
      const cast = await values(`SELECT c0, CAST(CAST(c1 AS ${type}) AS VARCHAR) FROM read_csv('${file}', ${opts}, columns = {'c0': 'INTEGER', 'c1': 'VARCHAR'}) ORDER BY c0`);
      expect(typed).toEqual(cast);
      expect(typed).toHaveLength(fields.length);
    });
  }

  it('refuses a value the type cannot hold, typed or cast, naming the line', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, '1,12\n2,1x\n');
    await conn.run('CREATE TABLE bad (id integer, n integer)');
    const cols: TransferColumn[] = [column('integer'), { ...column('integer'), target: 'n' }].map((c, i) => ({ ...c, target: i === 0 ? 'id' : 'n' }));
    await expect(conn.run(duckdbCsvInsertSql({ name: 'bad' }, cols, [file]))).rejects.toThrow(/Line: 2/);
  });

  it('reads other types as text and casts them, and loads every file of a batch in one statement', async () => {
    for (const t of ['interval', 'uuid', 'time', 'blob', 'integer[]', 'json', 'varchar(10)', 'real', 'date', 'timestamp', 'timestamp with time zone']) {
      expect(duckdbCsvType(column(t))).toBe('VARCHAR');
    }
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await writeFile(a, '1,1 day,0a\n');
    await writeFile(b, '2,02:00:00,ff\n');
    await conn.run('CREATE TABLE t (id integer, i interval, bin blob)');
    const cols: TransferColumn[] = [
      { ...column('integer'), target: 'id' }, { ...column('interval'), target: 'i' }, { ...column('blob'), target: 'bin', sourceType: 'bytea' },
    ];
    await conn.run(duckdbCsvInsertSql({ name: 't' }, cols, [a, b]));
    expect((await conn.runAndReadAll("SELECT id, CAST(i AS VARCHAR), hex(bin) FROM t ORDER BY id")).getRows())
      .toEqual([[1, '1 day', '0A'], [2, '02:00:00', 'FF']]);
  });

  it("reads PostgreSQL's dates and timestamps before year 1 (\"... BC\") as BC, and DuckDB's own \"(BC)\" as it is", async () => {
    const file = join(dir, 'bc.csv');
    await writeFile(file, [
      '1,0044-03-15 BC,0044-03-15 12:30:00.5 BC,0044-03-15 12:30:00+00 BC', '2,0044-03-15 (BC),0044-03-15 (BC) 12:30:00.5,0044-03-15 (BC) 12:30:00+00',
      '3,2024-02-29,2024-02-29 01:02:03,2024-02-29 01:02:03+05', '4,-infinity,infinity,-infinity', '5,,,',
    ].join('\n') + '\n');
    await conn.run('CREATE TABLE bc (id integer, d date, t timestamp, tz timestamptz)');
    const cols: TransferColumn[] = [{ ...column('integer'), target: 'id' }, { ...column('date'), target: 'd' }, { ...column('timestamp'), target: 't' },
      { ...column('timestamp with time zone'), target: 'tz' }];
    await conn.run(duckdbCsvInsertSql({ name: 'bc' }, cols, [file]));
    const rows = (await conn.runAndReadAll('SELECT id, CAST(d AS VARCHAR), CAST(t AS VARCHAR), CAST(tz AS VARCHAR) FROM bc ORDER BY id')).getRows();
    expect(rows).toEqual([
      [1, '0044-03-15 (BC)', '0044-03-15 (BC) 12:30:00.5', '0044-03-15 (BC) 12:30:00+00'], [2, '0044-03-15 (BC)', '0044-03-15 (BC) 12:30:00.5', '0044-03-15 (BC) 12:30:00+00'],
      [3, '2024-02-29', '2024-02-29 01:02:03', '2024-02-28 20:02:03+00'], [4, '-infinity', 'infinity', '-infinity'], [5, null, null, null],
    ]);
  });
});

// PostgreSQL -> PostgreSQL through `execute`: a table whose every column has the same type on both sides
// travels in PostgreSQL's binary COPY format (the copy step says so in its note), and every awkward value
// arrives identical (NaN, infinities, -0, BC dates, microseconds, numeric digits, '' apart from NULL);
// a table with one column of another type (numeric(18,4) into numeric(20,6)) goes as CSV and arrives as
// the target's input makes it. Both in one signed plan, with the canary password nowhere in the output.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo, type ColumnSpec } from './fixture.js';
import { pgQuery, run } from './support.js';

const src = uniqueName('mc_bin_src');
const dst = uniqueName('mc_bin_dst');
const CANARY = `canary${Date.now().toString(36)}pw`;

const TYPES: readonly (readonly [string, string])[] = [
  ['id', 'integer'], ['n', 'bigint'], ['amount', 'numeric(18,4)'], ['f', 'double precision'], ['r', 'real'], ['t', 'text'],
  ['v', 'character varying(12)'], ['ts', 'timestamp with time zone'], ['lt', 'timestamp(3) without time zone'], ['b', 'boolean'],
  ['d', 'date'], ['bin', 'bytea'], ['u', 'uuid'], ['iv', 'interval'], ['j', 'jsonb'],
];
const same: ColumnSpec[] = TYPES.map(([name, type]) => ({ name, pg: type, target: type }));
const widened: ColumnSpec[] = same.map((c) => (c.name === 'amount' ? { ...c, target: 'numeric(20,6)' } : c));

const VALUES = `
  (1, 9223372036854775807, 99999999999999.9999, 'NaN', 'NaN', '', '', 'infinity', '2024-03-31 01:30:00.123', true, 'infinity', '\\x', '00000000-0000-0000-0000-000000000000', '1 year 2 mons 3 days 04:05:06.789012', '{"a": [1, 2.50, null]}'),
  (2, -9223372036854775808, -99999999999999.9999, 'Infinity', 'Infinity', 'a' || chr(9) || 'b\\c' || chr(10) || 'd"e,f', 'ü€😀', '-infinity', '0001-01-01 00:00:00 BC', false, '-infinity', '\\x00ff0a5c', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '-178000000 years', '"x"'),
  (3, 0, 0.0001, '-Infinity', '-0', NULL, NULL, '4713-01-01 00:00:00+00 BC', '294276-12-31 23:59:59.999', NULL, '4713-01-01 BC', NULL, NULL, '-00:00:00.000001', 'null'),
  (4, 1, 'NaN', '-0', 1.17549435e-38, 'null', 'NULL', '2024-03-31 02:30:00.123456+02', NULL, true, '5874897-12-31', '\\x5c4e', NULL, NULL, NULL),
  (5, NULL, NULL, 4.9e-324, 3.4028235e38, '\\N', ' ', '1999-12-31 23:59:59.999999-00:00:01', '2000-01-01 00:00:00', NULL, '2000-02-29', NULL, NULL, '0', '{}'),
  (6, 2, 12345.6789, 0.30000000000000004, 0.1, repeat('x', 100000), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;

let repo: string;
let env: Record<string, string>;

beforeAll(async () => {
  const url = pgServerUrl();
  const cols = TYPES.map(([name, type]) => `${name} ${type}${name === 'id' ? ' PRIMARY KEY' : ''}`).join(', ');
  await pgQuery(url, `CREATE SCHEMA ${src}; CREATE SCHEMA ${dst};
    CREATE TABLE ${src}.same (${cols}); CREATE TABLE ${src}.widened (${cols});
    INSERT INTO ${src}.same VALUES ${VALUES}; INSERT INTO ${src}.widened SELECT * FROM ${src}.same;
    INSERT INTO ${src}.same (id, n, amount, ts) SELECT g, g, g / 7.0, timestamptz '2024-01-01 00:00:00.000001+00' + g * interval '1.000001 second' FROM generate_series(10, 400) g;`);
  const r = await signedRepo({
    target: 'postgres', sourceSchema: src, targetSchema: dst, chunkRows: 100,
    tables: [{ name: 'same', columns: same, rows: 397, recon: ['id', 'n', 't'] }, { name: 'widened', columns: widened, rows: 6, recon: ['id', 'n', 't'] }],
  });
  repo = r.repo;
  const u = new URL(url);
  u.password = CANARY;
  env = { MC_SOURCE_URL: u.toString(), MC_TARGET_URL: u.toString() };
}, 120_000);

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dst} CASCADE`);
  await removeRepos();
});

/** Rows of one table that the other lacks (as many times as they are missing), both ways. */
async function differences(a: string, b: string): Promise<number> {
  const [row] = await pgQuery<{ n: number }>(pgServerUrl(),
    `SELECT (SELECT count(*) FROM (SELECT * FROM ${a} a1 EXCEPT ALL SELECT * FROM ${b} b1) x)::int + (SELECT count(*) FROM (SELECT * FROM ${b} b2 EXCEPT ALL SELECT * FROM ${a} a2) y)::int AS n`);
  return row!.n;
}

describe('execute into PostgreSQL', () => {
  it('copies identical types in binary COPY format exactly, and anything else as CSV', async () => {
    const r = await run(['execute', '--repo', repo, '--tag', 'plan/v1'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(repo, 'runs/v1/execution_report.json'), 'utf8'));
    const step = (id: string) => report.steps.find((s: { id: string }) => s.id === id);
    expect(step('copy-same')).toMatchObject({ status: 'succeeded', rows_written: 397, note: 'PostgreSQL binary COPY: identical column types' });
    expect(step('copy-widened')).toMatchObject({ status: 'succeeded', rows_written: 6 });
    expect(step('copy-widened').note).toBeUndefined();

    // Identical, value for value (EXCEPT ALL compares with each type's own equality: NaN = NaN, -0 = 0 for
    // floats, so the text forms are compared too, which tell -0 from 0 and keep every digit).
    expect(await differences(`${src}.same`, `${dst}.same`)).toBe(0);
    const text = (t: string) => `(SELECT id, ${TYPES.slice(1).map(([c]) => `${c}::text`).join(', ')}, f::text || '|' || r::text AS floats FROM ${t})`;
    expect(await differences(text(`${src}.same`), text(`${dst}.same`))).toBe(0);
    const [neg] = await pgQuery<{ f: string; ts: string }>(pgServerUrl(), `SELECT f::text AS f, (ts AT TIME ZONE 'UTC')::text AS ts FROM ${dst}.same WHERE id = 4`);
    expect(neg).toEqual({ f: '-0', ts: '2024-03-31 00:30:00.123456' });

    // The widened column went through its text form into numeric(20,6): the same numbers, two more digits.
    const cast = (t: string) => `(SELECT id, amount::numeric(20,6) AS amount, t, ts, lt, d, bin, j FROM ${t})`;
    expect(await differences(cast(`${src}.widened`), `(SELECT id, amount, t, ts, lt, d, bin, j FROM ${dst}.widened)`)).toBe(0);
    const [wide] = await pgQuery<{ amount: string }>(pgServerUrl(), `SELECT amount::text AS amount FROM ${dst}.widened WHERE id = 1`);
    expect(wide!.amount).toBe('99999999999999.999900');

    for (const out of [r.stdout, r.stderr, JSON.stringify(report)]) expect(out).not.toContain(CANARY);
  }, 180_000);
});

// The awkward values reconcile with zero differences across PostgreSQL, DuckDB and MariaDB; then one
// change of each kind in the target is found exactly, key by key, and nothing more.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql2 from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../../core/schema/validate.js';
import type { TableReport } from '../../../core/recon/report-types.js';
import type { ReadConnection } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { ReconciliationRunner } from '../../../runner/recon/runner.js';
import { mariadbDatabase, mysqlServerUrl, pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';
import { createPgSource, readPgAsText, writeDuckdb, writeMariadb } from './awkward.js';
import { dropThreeEngines } from './teardown.js';

const ALL = ['dec', 'f', 'f_special', 'ts', 'tsn', 's', 'u', 'j', 'bin', 'b', 'big', 'd', 't'];
// MariaDB holds no NaN or infinities (f_special), and cannot build the JSON leaf form (j).
const NO_SPECIAL = ALL.filter((c) => c !== 'f_special' && c !== 'j');

// One change of each kind; the expected findings name exactly these keys and columns.
const EDITS = (table: string, q: string) => [
  `UPDATE ${table} SET ${q}dec${q} = 12345678901234.500001 WHERE id = 6`,
  `UPDATE ${table} SET ts = ts + INTERVAL 1 MICROSECOND WHERE id = 1`,
  `UPDATE ${table} SET s = CONCAT(s, ' ') WHERE id = 3`,
  `DELETE FROM ${table} WHERE id = 4`,
  `INSERT INTO ${table} (id) VALUES (100)`,
  `UPDATE ${table} SET s = '' WHERE id = 5`,
];
const DUCK_EDITS = (table: string) => EDITS(table, '"').map((s) => s.replace('INTERVAL 1 MICROSECOND', "INTERVAL '1 microsecond'").replace("CONCAT(s, ' ')", "s || ' '"));

const pgUrl = pgServerUrl();
const mysqlUrl = mysqlServerUrl();
const schema = uniqueName('recon_awk');
const dir = mkdtempSync(join(tmpdir(), 'recon-awk-'));
const duckPath = join(dir, 'target.duckdb');
let admin: pg.Client;
let mdb: mysql2.Connection | undefined;
const mdbName = uniqueName('recon_awk');
const open: ReadConnection[] = [];

async function connect(uri: string): Promise<ReadConnection> {
  const c = await openConnection(uri, {});
  open.push(c);
  return c;
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await createPgSource(admin, schema);
  const rows = await readPgAsText(admin, schema);
  await writeDuckdb(duckPath, 'awk', rows);
  await writeDuckdb(duckPath, 'awk_changed', rows, DUCK_EDITS('awk_changed'));
  if (mysqlUrl) {
    mdb = await mariadbDatabase(mysqlUrl, mdbName, { utf8mb4: true, timezone: 'Z' });
    await mdb.query("SET SESSION time_zone = '+00:00'");
    await writeMariadb(mdb, 'awk', rows);
    await writeMariadb(mdb, 'awk_changed', rows, EDITS('awk_changed', '`'));
  }
});

afterAll(() => dropThreeEngines({ open, admin, schema, mariadb: { conn: mdb, database: mdbName }, dir }));

interface Target {
  readonly name: string;
  readonly uri: () => string;
  readonly columns: string[];
}

const targets: Target[] = [
  { name: 'DuckDB', uri: () => `duckdb:${duckPath}`, columns: ALL },
  { name: 'MariaDB', uri: () => withDatabase(mysqlUrl ?? 'mysql://unset/', mdbName), columns: NO_SPECIAL },
];

async function reconcile(t: Target, table: string, leafRows = 1000): Promise<TableReport> {
  const runner = new ReconciliationRunner(await connect(pgUrl), await connect(t.uri()), { bisect: { leafRows } });
  const report = await runner.run([{ source: { schema, name: 'awk' }, target: { name: table }, key: ['id'], columns: t.columns }]);
  expect(validateDocument('recon_report', report, { file: 'recon_report.json', lines: new Map() })).toEqual([]);
  return report.tables[0]!;
}

// Keyed by the text column: its values (multibyte, decomposed, escapes, a NULL) are grouped by their last
// characters on both engines, which must cut them alike (characters, not bytes) for no row to differ falsely.
describe.each(targets)('awkward text keys, PostgreSQL -> $name', (t) => {
  it.skipIf(t.name === 'MariaDB' && !mysqlUrl)('only the changed keys differ, whatever the leaf size', async () => {
    for (const leafRows of [1000, 1]) {
      const runner = new ReconciliationRunner(await connect(pgUrl), await connect(t.uri()), { bisect: { leafRows } });
      const same = await runner.reconcileTable({ source: { schema, name: 'awk' }, target: { name: 'awk' }, key: ['s'], columns: t.columns.filter((c) => c !== 's') });
      // Not one segment differs: every key fell in the same tail on both engines.
      expect([same.differs, same.counts, same.segments.differing]).toEqual([false, { source: 8, target: 8 }, 0]);
      const r = await runner.reconcileTable({ source: { schema, name: 'awk' }, target: { name: 'awk_changed' }, key: ['s'], columns: t.columns.filter((c) => c !== 's') });
      expect(r.missing_keys).toEqual([{ s: 'trailing  ' }]);
      expect(r.extra_keys).toEqual([{ s: 'trailing   ' }]);
      expect(r.mismatched_rows.map((m) => m.key.s).sort()).toEqual(['', 'a|b\\c\\N|', 'caf\u00e9'].sort());
      // The NULL key's rows (5 at the source, 100 at the target) hold the same compared columns: no difference.
    }
  });
});

describe.each(targets)('awkward values, PostgreSQL -> $name', (t) => {
  const skip = t.name === 'MariaDB' && !mysqlUrl;
  it.skipIf(skip)('an exact copy reconciles with zero differences', async () => {
    const r = await reconcile(t, 'awk');
    expect(r.differences).toEqual({ missing: 0, extra: 0, mismatched: 0, duplicates: 0, listed_limit: 1000 });
    expect(r.counts).toEqual({ source: 8, target: 8 });
    expect(r.aggregates.filter((a) => !a.equal)).toEqual([]);
    expect([r.status, r.differs]).toEqual(['pass', false]);
  });

  it.skipIf(skip)('one change of each kind is found exactly, key by key', async () => {
    for (const leafRows of [1000, 1]) {
      const r = await reconcile(t, 'awk_changed', leafRows);
      expect(r.missing_keys).toEqual([{ id: 4 }]);
      expect(r.extra_keys).toEqual([{ id: 100 }]);
      expect(r.mismatched_rows).toEqual([
        { key: { id: 1 }, columns: [{ column: 'ts', source: '1969-12-31 23:59:59.999999', target: '1970-01-01 00:00:00.000000' }] },
        { key: { id: 3 }, columns: [{ column: 's', source: 'trailing  ', target: 'trailing   ' }] },
        { key: { id: 5 }, columns: [{ column: 's', source: null, target: '' }] },
        { key: { id: 6 }, columns: [{ column: 'dec', source: '12345678901234.500000', target: '12345678901234.500001' }] },
      ]);
      expect(r.status).toBe('fail');
      expect(r.severity).toBe('Critical');
    }
  });
});

// A uuid stored as a uuid on both sides is its own ordinal, read from the column's own text (no lower() per
// row): that text must be the canonical one on every engine with a native uuid type, whatever case the
// value was written in, and a NULL key sits at the nil uuid.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type mysql2 from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRowHash, DEFAULT_HASHING_SPEC, NIL_UUID, uuidIsOwnOrdinal } from '../../../core/hashing/index.js';
import type { ReadConnection } from '../../../runner/connectors/connection.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { resolveColumns } from '../../../runner/recon/columns.js';
import { mariadbDatabase, mysqlServerUrl, pgServerUrl, uniqueName, withDatabase } from '../../support/db.js';
import { dropThreeEngines } from './teardown.js';

const pgUrl = pgServerUrl();
const myUrl = mysqlServerUrl();
const schema = uniqueName('recon_uuid_ord');
const dir = mkdtempSync(join(tmpdir(), 'recon-uuid-ord-'));
const duckPath = join(dir, 'u.duckdb');
let admin: pg.Client;
let my: mysql2.Connection | undefined;
const open: ReadConnection[] = [];

const VALUES = ['C4CA4238-A0B9-4382-8DCC-509A6F75849B', '550e8400-e29b-41d4-a716-446655440000', 'A87FF679-a2f3-471d-9181-A67B7542122C'];
const INSERT = `INSERT INTO u VALUES ${VALUES.map((v, i) => `('${v}', ${i})`).join(', ')}, (NULL, 9)`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; CREATE TABLE u (k uuid, v int); ${INSERT}`);
  const db = await DuckDBInstance.create(duckPath);
  const c = await db.connect();
  await c.run(`CREATE TABLE u (k UUID, v INTEGER); ${INSERT}`);
  c.closeSync();
  db.closeSync();
  if (myUrl) {
    my = await mariadbDatabase(myUrl, schema);
    await my.query('CREATE TABLE u (k UUID, v INT)');
    await my.query(INSERT);
  }
});

afterAll(() => dropThreeEngines({ open, admin, schema, mariadb: { conn: my, database: schema }, dir }));

describe.each([
  { name: 'PostgreSQL', uri: () => pgUrl, table: () => ({ schema, name: 'u' }) },
  { name: 'DuckDB', uri: () => `duckdb:${duckPath}`, table: () => ({ schema: 'main', name: 'u' }) },
  { name: 'MariaDB', uri: () => withDatabase(myUrl ?? 'mysql://unset/', schema), table: () => ({ name: 'u' }) },
])('the own-uuid ordinal on $name', (e) => {
  it('is the canonical key text, lower-case hyphenated, and the nil uuid for NULL', async () => {
    if (e.name === 'MariaDB' && !myUrl) return;
    const c = await openConnection(e.uri(), {});
    open.push(c);
    const table = e.table();
    const described = { dialect: c.dialect, table, catalog: await c.describe(table), location: c.location };
    const cols = resolveColumns({ key: ['k'] }, described, described);
    expect(uuidIsOwnOrdinal(cols.sourceKey, cols.targetKey)).toBe(true);
    const hash = compileRowHash(c.dialect, DEFAULT_HASHING_SPEC, cols.sourceKey, cols.sourceCols, { ownUuidOrdinal: true });
    expect(hash.ordinalKind).toBe('uuid');
    const rows = await c.query(`SELECT ${hash.ordinalHex!} AS o, ${hash.keyText} AS k, ${c.dialect.toText('v')} AS v FROM ${c.relation(table)}`);
    const byV = new Map(rows.map((r) => [Number(r.v), r]));
    VALUES.forEach((v, i) => {
      expect(byV.get(i)!.o).toBe(v.toLowerCase());
      expect(byV.get(i)!.o).toBe(byV.get(i)!.k);
    });
    expect(byV.get(9)!.o).toBe(NIL_UUID);
  });
});

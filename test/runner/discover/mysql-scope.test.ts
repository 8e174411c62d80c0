// Discovery on a MariaDB server holding many databases: a scope that names its databases reads only
// those (information_schema is asked for them alone, so other databases, even ones dropped while the
// catalog is read, cannot slow or break it), and a view over a database outside the scope still names
// what it reads.
import mysql2 from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlCatalogFor } from '../../../core/dialects/catalog/mysql.js';
import { scopeSchemas } from '../../../core/dialects/catalog/scope.js';
import { discoverSource } from '../../../runner/discover/run.js';
import { mysqlServerUrl, uniqueName, withDatabase } from '../../support/db.js';

const server = mysqlServerUrl();
const inside = uniqueName('mc_scope_in');
const outside = uniqueName('mc_scope_out');
const at = '2026-11-30T00:00:00.000Z';

describe('scopeSchemas', () => {
  it('names the schemas only when every pattern names its schema', () => {
    expect(scopeSchemas([])).toBeNull();
    expect(scopeSchemas(['sales.*', 'ops.tickets', 'sales.orders'])).toEqual(['ops', 'sales']);
    expect(scopeSchemas(['sales', 'ops'])).toEqual(['ops', 'sales']);
    expect(scopeSchemas(['sales.*', '*.orders'])).toBeNull();
  });

  it('puts the schemas into every MySQL catalog query that lists objects, quoted as literals', () => {
    const q = mysqlCatalogFor(['sales', "o'brien"]);
    for (const sql of [q.schemas, q.relations, q.columns, q.constraints, q.viewDependencies, q.notVisible]) {
      expect(sql).toContain("IN ('sales', 'o''brien')");
    }
    expect(mysqlCatalogFor(null).relations).not.toContain('AND t.table_schema IN');
  });
});

describe.skipIf(!server)('discover on MariaDB with a scope naming its databases', () => {
  beforeAll(async () => {
    const c = await mysql2.createConnection({ uri: server!, multipleStatements: true });
    try {
      await c.query(`CREATE DATABASE ${outside}; CREATE DATABASE ${inside};
        CREATE TABLE ${outside}.prices (id INT PRIMARY KEY, amount DECIMAL(10,2));
        CREATE TABLE ${inside}.items (id INT PRIMARY KEY, price_id INT, FOREIGN KEY (price_id) REFERENCES ${outside}.prices (id));
        CREATE VIEW ${inside}.priced AS SELECT i.id, p.amount FROM ${inside}.items i JOIN ${outside}.prices p ON p.id = i.price_id;`);
    } finally {
      await c.end();
    }
  });

  afterAll(async () => {
    const c = await mysql2.createConnection({ uri: server!, multipleStatements: true });
    try {
      await c.query(`DROP DATABASE IF EXISTS ${inside}; DROP DATABASE IF EXISTS ${outside};`);
    } finally {
      await c.end();
    }
  });

  it('reads the scoped database alone and names the view\'s dependency outside it', async () => {
    const catalog = await discoverSource({ uri: withDatabase(server!, inside), env: {}, scope: [`${inside}.*`], capturedAt: at });
    expect(catalog.schemas).toEqual([inside]);
    expect(catalog.relations.map((r) => `${r.schema}.${r.name}`).sort()).toEqual([`${inside}.items`, `${inside}.priced`]);
    expect(catalog.relations.find((r) => r.name === 'priced')!.depends_on).toEqual(expect.arrayContaining([`${inside}.items`, `${outside}.prices`]));
    expect(catalog.relations.find((r) => r.name === 'items')!.foreign_keys.map((k) => k.references))
      .toEqual([{ schema: outside, name: 'prices', columns: ['id'] }]);
  });
});

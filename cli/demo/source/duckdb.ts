// The realistic source as an embedded DuckDB file in the work folder (the default): see model.ts.
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { CONTACTS, CUSTOMERS, ORDER_LINES, ORDERS, summaryLines, type BuiltSource } from './model.js';

/**
 * Schema main with `customers` and `orders` rows: the columns examples/demo-migration/discovery/discovery_report.json
 * describes, exactly (the drift gate checks them). The end-to-end tests build it small.
 */
export function mainSchemaSql(customers: number, orders: number): string[] {
  return [
  `CREATE TABLE main.customers (customer_id INTEGER PRIMARY KEY, email VARCHAR, full_name VARCHAR, created_at TIMESTAMPTZ NOT NULL, is_active BOOLEAN NOT NULL)`,
  `CREATE TABLE main.orders (order_id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL, amount DECIMAL(12,2) NOT NULL, status VARCHAR NOT NULL, ordered_at TIMESTAMP NOT NULL, note VARCHAR)`,
  `INSERT INTO main.customers SELECT i, 'customer' || i || '@example.com', 'Customer ' || i,
     TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i * 61), i % 3 <> 0 FROM range(1, ${customers + 1}) t(i)`,
  `INSERT INTO main.orders SELECT i, 1 + i % ${customers}, (i % 977) * 1.25 + (i % 7) * 0.01,
     CASE WHEN i % 5 = 0 THEN 'cancelled' WHEN i % 5 = 1 THEN 'refunded' ELSE 'paid' END,
     TIMESTAMP '2025-02-01 00:00:00' + to_seconds(i * 17), CASE WHEN i % 11 = 0 THEN NULL ELSE 'note ' || i END FROM range(1, ${orders + 1}) t(i)`,
  ];
}

const STATEMENTS = [
  ...mainSchemaSql(CUSTOMERS, ORDERS),
  `CREATE SCHEMA sales`,
  `CREATE TYPE sales.line_status AS ENUM ('open', 'shipped', 'returned')`,
  `CREATE TABLE sales.order_lines (line_id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, sku VARCHAR NOT NULL, quantity INTEGER NOT NULL,
     unit_price DECIMAL(18,4) NOT NULL, status sales.line_status NOT NULL, tags VARCHAR[], attributes JSON, shipped_at TIMESTAMPTZ)`,
  `INSERT INTO sales.order_lines SELECT i, 1 + i % ${ORDERS}, 'SKU-' || lpad(CAST(i % 500 AS VARCHAR), 4, '0'), 1 + i % 9,
     (i % 1000) * 0.0125 + 1, CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'shipped' ELSE 'returned' END,
     CASE WHEN i % 4 = 0 THEN NULL ELSE ['tag' || (i % 7), 'tag' || (i % 13)] END,
     json_object('colour', CASE i % 3 WHEN 0 THEN 'red' WHEN 1 THEN 'green' ELSE 'blue' END, 'gift', i % 10 = 0),
     CASE WHEN i % 3 = 1 THEN TIMESTAMPTZ '2025-03-01 00:00:00+00' + to_seconds(i * 29) ELSE NULL END FROM range(1, ${ORDER_LINES + 1}) t(i)`,
  `CREATE VIEW sales.paid_orders AS SELECT order_id, customer_id, amount, ordered_at FROM main.orders WHERE status = 'paid'`,
  `CREATE VIEW sales.large_paid_orders AS SELECT * FROM sales.paid_orders WHERE amount >= 1000`,
  `CREATE SCHEMA crm`,
  `CREATE TABLE crm.contacts (contact_id INTEGER PRIMARY KEY, customer_id INTEGER, first_name VARCHAR NOT NULL, last_name VARCHAR NOT NULL,
     email VARCHAR, phone VARCHAR, consent_at TIMESTAMPTZ, avatar BLOB)`,
  `INSERT INTO crm.contacts SELECT i, 1 + i % ${CUSTOMERS}, 'First' || i, 'Last' || (i % 800), 'contact' || i || '@example.org',
     '+44 20 7946 ' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0'), CASE WHEN i % 2 = 0 THEN TIMESTAMPTZ '2025-04-01 00:00:00+00' + to_seconds(i * 101) END,
     CASE WHEN i % 5 = 0 THEN from_hex(lpad(printf('%x', i), 8, '0')) END FROM range(1, ${CONTACTS + 1}) t(i)`,
  `CREATE VIEW crm.active_contacts AS SELECT c.contact_id, c.first_name, c.last_name, c.email FROM crm.contacts c JOIN main.customers u USING (customer_id) WHERE u.is_active`,
];

/** Runs statements in order on the DuckDB file at path (created when absent), then checkpoints it. */
export async function duckExec(path: string, statements: readonly string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    for (const sql of statements) await c.run(sql);
    await c.run('CHECKPOINT');
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export async function buildDuckdbSource(path: string): Promise<BuiltSource> {
  if (!existsSync(path)) await duckExec(path, STATEMENTS);
  return { engine: 'duckdb', url: `duckdb:${path}`, location: path, summary: summaryLines('duckdb', path), drop: async () => undefined };
}

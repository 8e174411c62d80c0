// The realistic source as a PostgreSQL database of its own (`demo --source postgres`): made on the server of
// PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), named mc_demo_<random>, dropped when the demo
// ends unless --dir keeps it. Same model as the DuckDB file (model.ts), in PostgreSQL's types: an enum type,
// text[], jsonb, bytea, numeric, timestamptz. The password, if any, is never printed: `location` has none.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CopilotError } from '../../../core/errors.js';
import { CONTACTS, CUSTOMERS, ORDER_LINES, ORDERS, summaryLines, type BuiltSource } from './model.js';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const STATEMENTS = [
  `CREATE SCHEMA main`,
  `CREATE TABLE main.customers (customer_id integer PRIMARY KEY, email varchar, full_name varchar, created_at timestamptz NOT NULL, is_active boolean NOT NULL)`,
  `CREATE TABLE main.orders (order_id bigint PRIMARY KEY, customer_id integer NOT NULL, amount numeric(12,2) NOT NULL, status varchar NOT NULL, ordered_at timestamp NOT NULL, note varchar)`,
  `INSERT INTO main.customers SELECT i, 'customer' || i || '@example.com', 'Customer ' || i,
     timestamptz '2025-01-01 00:00:00+00' + make_interval(secs => i * 61), i % 3 <> 0 FROM generate_series(1, ${CUSTOMERS}) i`,
  `INSERT INTO main.orders SELECT i, 1 + i % ${CUSTOMERS}, (i % 977) * 1.25 + (i % 7) * 0.01,
     CASE WHEN i % 5 = 0 THEN 'cancelled' WHEN i % 5 = 1 THEN 'refunded' ELSE 'paid' END,
     timestamp '2025-02-01 00:00:00' + make_interval(secs => i * 17), CASE WHEN i % 11 = 0 THEN NULL ELSE 'note ' || i END FROM generate_series(1, ${ORDERS}) i`,
  `CREATE SCHEMA sales`,
  `CREATE TYPE sales.line_status AS ENUM ('open', 'shipped', 'returned')`,
  `CREATE TABLE sales.order_lines (line_id bigint PRIMARY KEY, order_id bigint NOT NULL, sku varchar NOT NULL, quantity integer NOT NULL,
     unit_price numeric(18,4) NOT NULL, status sales.line_status NOT NULL, tags text[], attributes jsonb, shipped_at timestamptz)`,
  `INSERT INTO sales.order_lines SELECT i, 1 + i % ${ORDERS}, 'SKU-' || lpad((i % 500)::text, 4, '0'), 1 + i % 9,
     (i % 1000) * 0.0125 + 1, (ARRAY['open', 'shipped', 'returned'])[1 + i % 3]::sales.line_status,
     CASE WHEN i % 4 = 0 THEN NULL ELSE ARRAY['tag' || (i % 7), 'tag' || (i % 13)] END,
     jsonb_build_object('colour', (ARRAY['red', 'green', 'blue'])[1 + i % 3], 'gift', i % 10 = 0),
     CASE WHEN i % 3 = 1 THEN timestamptz '2025-03-01 00:00:00+00' + make_interval(secs => i * 29) END FROM generate_series(1, ${ORDER_LINES}) i`,
  `CREATE VIEW sales.paid_orders AS SELECT order_id, customer_id, amount, ordered_at FROM main.orders WHERE status = 'paid'`,
  `CREATE VIEW sales.large_paid_orders AS SELECT * FROM sales.paid_orders WHERE amount >= 1000`,
  `CREATE SCHEMA crm`,
  `CREATE TABLE crm.contacts (contact_id integer PRIMARY KEY, customer_id integer, first_name varchar NOT NULL, last_name varchar NOT NULL,
     email varchar, phone varchar, consent_at timestamptz, avatar bytea)`,
  `INSERT INTO crm.contacts SELECT i, 1 + i % ${CUSTOMERS}, 'First' || i, 'Last' || (i % 800), 'contact' || i || '@example.org',
     '+44 20 7946 ' || lpad((i % 10000)::text, 4, '0'), CASE WHEN i % 2 = 0 THEN timestamptz '2025-04-01 00:00:00+00' + make_interval(secs => i * 101) END,
     CASE WHEN i % 5 = 0 THEN decode(lpad(to_hex(i), 8, '0'), 'hex') END FROM generate_series(1, ${CONTACTS}) i`,
  `CREATE VIEW crm.active_contacts AS SELECT c.contact_id, c.first_name, c.last_name, c.email FROM crm.contacts c JOIN main.customers u USING (customer_id) WHERE u.is_active`,
  `ANALYZE`,
];

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function printable(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new CopilotError('CONNECTION_FAILED', `demo --source postgres: cannot connect to ${printable(url)}: ${(e as Error).message}`, {
      cause: e, hint: 'start PostgreSQL or set PG_URL to a server where this user may create databases',
    });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** keep: leave the database when the demo ends (--dir keeps everything). */
export async function buildPostgresSource(serverUrl: string, keep: boolean): Promise<BuiltSource> {
  const database = `mc_demo_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${database}`));
  const url = withDatabase(serverUrl, database);
  const drop = async () => {
    if (keep) return;
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => undefined);
  };
  try {
    await admin(url, async (c) => {
      for (const sql of STATEMENTS) await c.query(sql);
    });
  } catch (e) {
    await drop();
    throw e;
  }
  const location = printable(url);
  return { engine: 'postgres', url, location, summary: [...summaryLines('postgres', location), ...(keep ? [`  kept after the demo (--dir); drop it with: DROP DATABASE ${database}`] : [])], drop };
}

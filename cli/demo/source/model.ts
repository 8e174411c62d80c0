// The realistic source the demo's repository admin builds before people act (design: discovery needs a real
// source). One model, two engines: schemas main (customers and orders, the tables the example plan copies),
// sales (order lines with an enum, a list, JSON and exact decimals; a view over orders and a view over that
// view) and crm (contacts with PII: names, email, phone; a BLOB; a view). The largest table, main.orders,
// has ORDERS rows. Every value is computed from the row number, so two builds hold the same data.

export const CUSTOMERS = 20_000;
export const ORDERS = 120_000;
export const ORDER_LINES = 40_000;
export const CONTACTS = 5_000;

export type SourceEngine = 'duckdb' | 'postgres';

export interface BuiltSource {
  readonly engine: SourceEngine;
  /** The connection string the runner gets as the SOURCE_URL secret (never printed: `location` is). */
  readonly url: string;
  /** What a person may read: a file path, or host/database with no password. */
  readonly location: string;
  /** Tables and views by schema, with row counts, for the demo's first lines. */
  readonly summary: readonly string[];
  /** Drops what the build made (the PostgreSQL database); a no-op for a file kept in the work folder. */
  drop(): Promise<void>;
}

/** The summary lines both engines print (the counts are the model's). */
export function summaryLines(engine: SourceEngine, location: string): string[] {
  return [
    `${engine} source ${location}:`,
    `  main.customers ${CUSTOMERS.toLocaleString('en')} rows (email, full_name: PII; timestamptz), main.orders ${ORDERS.toLocaleString('en')} rows (decimal(12,2), timestamp)`,
    `  sales.order_lines ${ORDER_LINES.toLocaleString('en')} rows (enum, list of text, JSON, decimal(18,4)); views sales.paid_orders and sales.large_paid_orders (a view over that view)`,
    `  crm.contacts ${CONTACTS.toLocaleString('en')} rows (first/last name, email, phone: PII; BLOB); view crm.active_contacts`,
  ];
}

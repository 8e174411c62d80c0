// discover and profile on the realistic PostgreSQL source: the catalog shows what the fixture holds
// (schemas, partitions, views over views with their dependencies, enums, domains, arrays, generated
// columns, keys), the profile counts what the data holds, and personal data never appears in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { SourceCatalog, SourceProfile } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { pgServerUrl } from '../../support/db.js';
import { loadPostgresSource, type LoadedSource } from '../../support/sources.js';

let source: LoadedSource;
let catalog: SourceCatalog;
let profile: SourceProfile;
const at = '2026-11-30T00:00:00.000Z';

beforeAll(async () => {
  source = await loadPostgresSource(pgServerUrl());
  catalog = await discoverSource({ uri: source.url, env: {}, scope: [], capturedAt: at });
  profile = (await profileSourceAt({ uri: source.url, env: {}, scope: [], capturedAt: at, policy: DEFAULT_POLICY, catalog, maxRows: 50_000 })).profile;
});

afterAll(async () => {
  await source?.drop();
});

const rel = (name: string) => {
  const [schema, table] = name.split('.');
  const r = catalog.relations.find((x) => x.schema === schema && x.name === table);
  if (!r) throw new Error(`no ${name} in the catalog`);
  return r;
};
const col = (table: string, column: string) => rel(table).columns.find((c) => c.name === column)!;

describe('discover on PostgreSQL', () => {
  it('lists the schemas and relations of every kind', () => {
    expect(catalog.engine).toBe('postgres');
    expect(catalog.schemas).toEqual(['crm', 'ops', 'ref', 'sales']);
    const kinds = (k: string) => catalog.relations.filter((r) => r.kind === k).map((r) => `${r.schema}.${r.name}`).sort();
    expect(kinds('partitioned_table')).toEqual(['sales.orders']);
    expect(kinds('partition')).toEqual(['sales.orders_2024', 'sales.orders_2025', 'sales.orders_2026']);
    expect(kinds('view')).toHaveLength(5);
    expect(kinds('materialized_view')).toEqual(['sales.mv_daily_orders']);
    expect(kinds('table').length).toBeGreaterThanOrEqual(24);
  });

  it('reads partitions, views over views, and their SQL', () => {
    expect(rel('sales.orders').partition_key).toBe('RANGE (ordered_at)');
    expect(rel('sales.orders_2025').partition_of).toBe('sales.orders');
    expect(rel('sales.v_revenue_by_region').depends_on).toEqual(['ref.countries', 'sales.v_customer_revenue']);
    expect(rel('sales.v_customer_revenue').depends_on).toEqual(['crm.customers', 'sales.v_order_totals']);
    expect(rel('sales.v_order_totals').view_sql).toMatch(/LEFT JOIN sales\.order_items/);
  });

  it('types: enums with labels, domains with base types, arrays, generated columns, identity by serial default', () => {
    expect(col('sales.orders', 'status')).toMatchObject({ type_kind: 'enum', enum_values: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] });
    expect(col('crm.customers', 'email')).toMatchObject({ type_kind: 'domain', domain_base: 'text' });
    expect(col('sales.products', 'dimensions_cm')).toMatchObject({ type_kind: 'array', element_type: 'integer' });
    expect(col('sales.order_items', 'line_total')).toMatchObject({ generated_kind: 'stored', generated: '((quantity)::numeric * unit_price)' });
    expect(col('crm.support_tickets', 'body_search').type).toBe('tsvector');
    expect(col('ops.jobs', 'job_id').default).toMatch(/^nextval/);
    expect(catalog.domains.map((d) => `${d.schema}.${d.name}:${d.base_type}`)).toEqual(['crm.email_address:text', 'sales.money_amount:numeric(12,2)']);
  });

  it('keys and foreign keys, including those added after the load', () => {
    expect(rel('sales.order_items').primary_key).toEqual(['order_id', 'line_no']);
    expect(rel('ops.audit_log').primary_key).toEqual([]);
    expect(rel('sales.orders').foreign_keys.map((f) => `${f.columns.join(',')}->${f.references.schema}.${f.references.name}`).sort())
      .toEqual(['currency->ref.currencies', 'customer_id->crm.customers']);
    expect(rel('crm.customers').unique_keys).toEqual([['email']]);
  });

  it('scope limits the relations, and keeps a partitioned table with its partitions', async () => {
    const scoped = await discoverSource({ uri: source.url, env: {}, scope: ['sales.orders', 'crm.*'], capturedAt: at });
    expect(scoped.relations.map((r) => `${r.schema}.${r.name}`).sort()).toEqual([
      'crm.customer_addresses', 'crm.customer_segments', 'crm.customers', 'crm.segments', 'crm.support_tickets', 'crm.v_active_customers',
      'sales.orders', 'sales.orders_2024', 'sales.orders_2025', 'sales.orders_2026',
    ]);
  });
});

describe('profile on PostgreSQL', () => {
  const prof = (table: string, column: string) => {
    const [schema, name] = table.split('.');
    const t = profile.tables.find((x) => x.schema === schema && x.name === name)!;
    return { table: t, column: t.columns.find((c) => c.name === column)! };
  };

  it('counts rows exactly and samples the largest table deterministically above max_rows', () => {
    const items = prof('sales.order_items', 'quantity').table;
    expect(items.row_count).toBe(120_000);
    expect(items.profiled_rows).toBeLessThan(120_000);
    expect(items.profiled_rows).toBeGreaterThan(30_000);
    expect(profile.sample.method).toBe('hash');
    expect(prof('sales.orders', 'order_id').table.row_count).toBe(40_000);
  });

  it('nulls, distinct values, ranges, scale and patterns as the data has them', () => {
    expect(prof('crm.customers', 'phone').column).toMatchObject({ null_count: 714, distinct_count: 4286 });
    expect(prof('sales.payments', 'amount').column).toMatchObject({ max_scale: 12, max_integer_digits: 4 });
    expect(prof('ops.jobs', 'created_on').column.patterns).toMatchObject({ date_text: 40 });
    expect(prof('ops.jobs', 'retries_text').column.patterns).toMatchObject({ integer_text: 40 });
    expect(prof('sales.orders', 'note').column.patterns).toMatchObject({ trailing_whitespace: 6666 });
    expect(prof('crm.customers', 'card_number').column.patterns).toMatchObject({ card_number: 1666 });
    expect(prof('crm.customers', 'customer_id').column).toMatchObject({ min: 1, max: 5000 });
  });

  it('never shows personal data: masked by the policy, or by the look of the value', () => {
    const text = JSON.stringify(profile);
    expect(text).not.toMatch(/user[0-9]+@example\.com/);
    expect(text).not.toMatch(/4111 1111/);
    expect(text).not.toMatch(/5500 0000/);
    expect(text).not.toMatch(/Customer (Ann|Bob)/);
    expect(prof('crm.customers', 'email').column.masking).toBe('hash');
    expect(prof('crm.customers', 'card_number').column.samples?.every((s) => s.startsWith('tok_'))).toBe(true);
  });
});

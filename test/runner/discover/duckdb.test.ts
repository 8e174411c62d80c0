// discover and profile on the realistic DuckDB source (test/fixtures/sources/duckdb.sql): the catalog
// shows schemas, named and inline enums with their labels, lists, structs, maps, blobs, JSON, a
// generated column, keys and foreign keys, views over views with their SQL and dependencies; the
// profile counts what the data holds and masks personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../core/policy/index.js';
import type { SourceCatalog, SourceProfile } from '../../../core/types/generated.js';
import { discoverSource, profileSourceAt } from '../../../runner/discover/run.js';
import { buildDuckdbSource, type DuckdbSource } from '../../fixtures/sources/duckdb.js';

let source: DuckdbSource;
let catalog: SourceCatalog;
let profile: SourceProfile;
const at = '2026-11-30T00:00:00.000Z';

beforeAll(async () => {
  source = await buildDuckdbSource();
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

describe('discover on DuckDB', () => {
  it('lists schemas, tables and views, and what it could not read', () => {
    expect(catalog.engine).toBe('duckdb');
    expect(catalog.engine_version).toMatch(/^DuckDB v1\./);
    expect(catalog.schemas).toEqual(['crm', 'ops', 'ref', 'sales']);
    expect(catalog.relations.filter((r) => r.kind === 'table')).toHaveLength(20);
    expect(catalog.relations.filter((r) => r.kind === 'view').map((r) => `${r.schema}.${r.name}`).sort())
      .toEqual(['crm.v_active_customers', 'ops.v_recent_logins', 'sales.v_customer_revenue', 'sales.v_order_totals', 'sales.v_revenue_by_region']);
    expect(catalog.not_visible).toEqual(['1 macros (bodies not read)', '1 sequences (not read)']);
  });

  it('reads views over views: their SQL and what they read', () => {
    expect(rel('sales.v_revenue_by_region').depends_on).toEqual(['ref.countries', 'sales.v_customer_revenue']);
    expect(rel('sales.v_customer_revenue').depends_on).toEqual(['crm.customers', 'sales.v_order_totals']);
    expect(rel('sales.v_order_totals').view_sql).toMatch(/^SELECT o\.order_id.*LEFT JOIN sales\.order_items/s);
    expect(rel('sales.v_order_totals').view_sql).not.toMatch(/CREATE|;$/);
  });

  it('types: named and inline enums, lists, fixed arrays, structs, maps, JSON, blobs, a generated column', () => {
    expect(col('sales.orders', 'status')).toMatchObject({ type_kind: 'enum', type_name: 'sales.order_status', enum_values: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] });
    expect(col('sales.orders', 'channel')).toMatchObject({ type_kind: 'enum', type_name: null, enum_values: ['web', 'shop', 'phone'] });
    expect(catalog.enums.map((e) => `${e.schema}.${e.name}`).sort()).toEqual(['crm.customer_tier', 'sales.order_status']);
    expect(col('crm.customers', 'tags')).toMatchObject({ type: 'VARCHAR[]', type_kind: 'array', element_type: 'VARCHAR' });
    expect(col('sales.products', 'dimensions_cm')).toMatchObject({ type: 'INTEGER[3]', type_kind: 'array', element_type: 'INTEGER' });
    expect(col('ref.warehouses', 'location')).toMatchObject({ type_kind: 'composite' });
    expect(col('sales.carts', 'items')).toMatchObject({ type_kind: 'array', element_type: 'STRUCT(sku VARCHAR, qty INTEGER)' });
    expect(col('crm.customers', 'attributes')).toMatchObject({ type: 'MAP(VARCHAR, VARCHAR)', type_kind: 'other' });
    expect(col('crm.customers', 'preferences').type).toBe('JSON');
    expect(col('sales.products', 'thumbnail').type).toBe('BLOB');
    expect(col('sales.products', 'price_with_tax')).toMatchObject({ generated_kind: 'virtual', generated: expect.stringMatching(/list_price \* 1\.2/), default: null });
    expect(col('ops.jobs', 'job_id')).toMatchObject({ identity: true });
  });

  it('keys and foreign keys', () => {
    expect(rel('sales.order_items').primary_key).toEqual(['order_id', 'line_no']);
    expect(rel('crm.customers').unique_keys).toEqual([['email']]);
    expect(rel('sales.shipments').foreign_keys.map((f) => f.references)).toEqual([{ schema: 'sales', name: 'orders', columns: ['order_id'] }]);
    expect(rel('ref.warehouses').foreign_keys.map((f) => f.references)).toEqual([{ schema: 'ref', name: 'countries', columns: ['code'] }]);
    expect(rel('sales.order_items').row_estimate).toBe(120000);
  });
});

describe('profile on DuckDB', () => {
  const t = (name: string) => profile.tables.find((x) => `${x.schema}.${x.name}` === name)!;
  const c = (table: string, column: string) => t(table).columns.find((x) => x.name === column)!;

  it('counts rows, sampling the largest table by a hash of its key', () => {
    expect(profile.tables).toHaveLength(20);
    expect(t('sales.order_items')).toMatchObject({ row_count: 120000 });
    expect(t('sales.order_items').profiled_rows).toBeLessThan(120000);
    expect(t('sales.order_items').profiled_rows).toBeGreaterThan(30000);
    expect(t('crm.customers').profiled_rows).toBe(5000);
  });

  it('finds patterns in the values and masks personal data', () => {
    expect(c('crm.customers', 'email').patterns?.email).toBe(5000);
    expect(c('crm.customers', 'phone')).toMatchObject({ null_count: 714, patterns: expect.objectContaining({ phone: 4286 }) });
    expect(c('ops.jobs', 'created_on').patterns?.date_text).toBe(40);
    expect(c('sales.payments', 'amount')).toMatchObject({ max_scale: 12 });
    expect(JSON.stringify(profile)).not.toContain('user1@example.com');
    expect(JSON.stringify(profile)).not.toContain('4111 1111 1111');
  });
});

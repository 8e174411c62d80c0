// The plan compiler, pure: steps in dependency order (foreign keys, then models after what they read),
// shards only for big tables with an integer leading key, tolerances capped by the policy, a cycle
// broken by name, and the same input compiled twice gives the same plan.
import { describe, expect, it } from 'vitest';
import { compilePlan, type CompileInput } from '../../../core/plan/compiler.js';
import { stepId, topologicalOrder } from '../../../core/plan/compiler-order.js';
import { ARCHETYPES, DEFAULT_POLICY } from '../../../core/policy/index.js';

const col = (name: string, type = 'INTEGER') => ({ source: name, target: name, source_type: type, target_type: type });

function input(over: Partial<CompileInput> = {}): CompileInput {
  return {
    project: { project_id: 'shop', archetype_id: 'postgres-duckdb', source: { engine: 'postgres', connection: 'source' }, target: { engine: 'duckdb', connection: 'target' }, scope: ['s.*'], state: 'DISCOVERED' },
    archetype: ARCHETYPES['postgres-duckdb']!, policy: DEFAULT_POLICY, mappingSha256: 'a'.repeat(64), version: 3,
    mapping: { version: 1, source_engine: 'postgres', target_engine: 'duckdb', tables: [
      { source: 's.items', target: 's.items', key_columns: ['id'], columns: [col('id', 'BIGINT'), col('order_id')] },
      { source: 's.orders', target: 's.orders', key_columns: ['id'], columns: [col('id'), col('customer_id')] },
      { source: 's.customers', target: 's.customers', key_columns: ['email'], columns: [col('email', 'VARCHAR')] },
    ] },
    tables: [
      { source: 's.items', references: ['s.orders'], rows: 120_000 },
      { source: 's.orders', references: ['s.customers'], rows: 40_000 },
      { source: 's.customers', references: [], rows: 900_000 },
    ],
    models: [
      { path: 'models/s/v2.sql', target: 's.v2', reads: ['s.v1', 's.customers'], source: 's.v2' },
      { path: 'models/s/v1.sql', target: 's.v1', reads: ['s.orders'], source: 's.v1' },
    ],
    recon: { hashing: { algorithm: 'md5', spec_version: '1.0.0' }, sampling: { method: 'hash', rate: 0.05, seed: 'x' }, tables: [{ source_table: 's.items', target_table: 's.items', key_columns: ['id'] }] },
    tolerances: { row_count_diff_pct: { max: 5, severity: 'Critical' }, checksum_mismatch_rows: { max: 0 } },
    ...over,
  };
}

describe('compilePlan', () => {
  it('orders copies after what their foreign keys reference, and models after what they read', () => {
    const plan = compilePlan(input());
    const ids = plan.steps.map((s) => s.id);
    expect(ids.filter((i) => i.startsWith('copy-'))).toEqual(['copy-s-customers', 'copy-s-orders', 'copy-s-items']);
    expect(ids.filter((i) => i.startsWith('model-'))).toEqual(['model-s-v1', 'model-s-v2']);
    expect(plan.steps.find((s) => s.id === 'model-s-v2')!.depends_on).toEqual(['model-s-v1', 'swap-s-customers']);
    for (const s of plan.steps) for (const d of s.depends_on ?? []) expect(ids.indexOf(d), `${s.id} after ${d}`).toBeLessThan(ids.indexOf(s.id));
  });

  it('shards a big table by an integer key, never by a text key', () => {
    const plan = compilePlan(input());
    expect(plan.steps.find((s) => s.id === 'copy-s-items')!.shard).toEqual({ column: 'id', count: 3 });
    expect(plan.steps.find((s) => s.id === 'copy-s-orders')!.shard).toBeUndefined();
    expect(plan.steps.find((s) => s.id === 'copy-s-customers')!.shard).toBeUndefined();
  });

  it('caps tolerances at the policy and carries version, mapping digest and recon config', () => {
    const plan = compilePlan(input());
    expect(plan.tolerances.row_count_diff_pct).toEqual({ max: 0, severity: 'Critical' });
    expect(plan).toMatchObject({ version: 3, mapping_sha256: 'a'.repeat(64), plan_id: 'shop-plan', recon: { sampling: { seed: 'x' } } });
  });

  it('breaks a foreign-key cycle by name and stays deterministic', () => {
    const cyclic = input({ tables: [
      { source: 's.items', references: ['s.orders'], rows: 10 }, { source: 's.orders', references: ['s.items'], rows: 10 }, { source: 's.customers', references: [], rows: 10 },
    ] });
    const a = JSON.stringify(compilePlan(cyclic));
    expect(JSON.stringify(compilePlan(structuredClone(cyclic)))).toBe(a);
    expect(topologicalOrder(['b', 'a', 'c'], (n) => (n === 'a' ? ['b'] : n === 'b' ? ['a'] : []))).toEqual(['c', 'a', 'b']);
  });

  it('makes step ids legal identifiers', () => {
    expect(stepId('copy', 'Sales.Order Items')).toBe('copy-sales-order-items');
    expect(stepId('copy', `s.${'x'.repeat(80)}`)).toHaveLength(64);
  });
});

// A small, hand-made agent context for unit tests of the agents' contract: one table with a key, one
// personal-data column, a profile whose figures the citations check can compare against.
import { ARCHETYPES, DEFAULT_POLICY, DEFAULT_RULEBOOK } from '../../../core/policy/index.js';
import type { AgentContextData } from '../../../app/agents/types.js';

export function smallContext(): AgentContextData {
  return {
    project: { project_id: 'unit', archetype_id: 'postgres-duckdb', source: { engine: 'postgres', connection: 'source' }, target: { engine: 'duckdb', connection: 'target' }, scope: ['shop.*'], state: 'CREATED' },
    catalog: {
      engine: 'postgres', engine_version: '15', captured_at: '2026-11-30T00:00:00Z', scope: ['shop.*'], schemas: ['shop'], enums: [], domains: [], not_visible: [],
      relations: [{
        schema: 'shop', name: 'customers', kind: 'table', row_estimate: 3, primary_key: ['id'], unique_keys: [], foreign_keys: [],
        columns: [
          { name: 'id', ordinal: 1, type: 'integer', type_kind: 'base', nullable: false },
          { name: 'email', ordinal: 2, type: 'text', type_kind: 'base', nullable: true },
          { name: 'balance', ordinal: 3, type: 'numeric', type_kind: 'base', nullable: true },
        ],
      }],
    },
    profile: {
      engine: 'postgres', captured_at: '2026-11-30T00:00:00Z', sample: { method: 'full', max_rows: 1000, sample_values: 0 },
      tables: [{ schema: 'shop', name: 'customers', row_count: 3, profiled_rows: 3, columns: [
        { name: 'id', type: 'integer', null_count: 0, distinct_count: 3, min: 1, max: 3 },
        { name: 'email', type: 'text', null_count: 1, distinct_count: 2, patterns: { email: 2 } },
        { name: 'balance', type: 'numeric', null_count: 0, distinct_count: 3, max_scale: 4, max_integer_digits: 6 },
      ] }],
    },
    rulebook: structuredClone(DEFAULT_RULEBOOK) as AgentContextData['rulebook'],
    policy: structuredClone(DEFAULT_POLICY) as AgentContextData['policy'],
    archetype: structuredClone(ARCHETYPES['postgres-duckdb']!) as AgentContextData['archetype'],
    previousDecisions: [], raised: [], files: {}, now: '2026-11-30T00:00:00Z',
  };
}

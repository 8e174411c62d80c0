// A reconciliation result with one table of each kind (identical, within tolerance, failed), for the
// report and markdown tests.
import { DEFAULT_HASHING_SPEC } from '../../../core/hashing/index.js';
import { buildReport } from '../../../core/recon/report.js';
import type { ReconReport, TableReport } from '../../../core/recon/report-types.js';

const base: Omit<TableReport, 'source_table' | 'target_table'> = {
  key: ['id'],
  columns: [{ name: 'id', logical_type: 'integer', pii: false }, { name: 'amount', logical_type: 'decimal', pii: false }, { name: 'email', logical_type: 'string', pii: true }],
  counts: { source: 1000, target: 1000 },
  differences: { missing: 0, extra: 0, mismatched: 0, duplicates: 0, listed_limit: 1000 },
  differences_file: null, schema_differences: [], shard: null,
  missing_keys: [], extra_keys: [], mismatched_rows: [], duplicate_keys: [],
  segments: { first_pass: 1, compared: 1, differing: 0, leaves: 0, leaf_rows: 1000 },
  aggregates: [{ column: 'amount', metric: 'sum', source: '1234.5000', target: '1234.5000', equal: true }],
  sample: null, findings: [], severity: null, status: 'pass', differs: false,
};

export const TABLES: TableReport[] = [
  { ...base, source_table: 'public.customers', target_table: 'main.customers' },
  {
    ...base, source_table: 'public.orders', target_table: 'main.orders',
    counts: { source: 1000, target: 1000 },
    differences: { missing: 0, extra: 0, mismatched: 2, duplicates: 0, listed_limit: 1000 },
    mismatched_rows: [
      { key: { id: 17 }, columns: [{ column: 'amount', source: '10.5000', target: '10.5001' }] },
      { key: { id: 99 }, columns: [{ column: 'email', source: '<masked>', target: '<masked>' }, { column: 'note', source: 'a|b', target: null }] },
    ],
    segments: { first_pass: 1, compared: 1, differing: 1, leaves: 1, leaf_rows: 1000 },
    findings: [{ rule: 'tolerances.checksum_mismatch_rows', column: null, value: 2, max: 5, severity: 'Major', exceeded: false, message: 'rows missing, extra or different: 2 within max 5' }],
    status: 'pass', differs: true,
  },
  {
    ...base, source_table: 'public.payments', target_table: 'main.payments',
    counts: { source: 1000, target: 999 },
    differences: { missing: 2, extra: 1, mismatched: 0, duplicates: 1, listed_limit: 1000 },
    missing_keys: [{ id: 5 }, { id: 6 }], extra_keys: [{ id: 1001 }], duplicate_keys: [{ id: 7 }],
    differences_file: 'recon_report.differences.jsonl',
    schema_differences: [{ column: 'amount', source_type: 'numeric(12,2)', target_type: 'varchar', source_logical: 'decimal', target_logical: 'string', compared_as: 'text' }],
    segments: { first_pass: 1, compared: 1, differing: 1, leaves: 1, leaf_rows: 1000 },
    aggregates: [{ column: 'amount', metric: 'sum', source: '1234.5000', target: '1200.0000', equal: false }],
    sample: { seed: 's1', rate: 0.1, source_rows: 98, target_rows: 97, mismatched_keys: [{ id: 5 }] },
    findings: [
      { rule: 'tolerances.row_count_diff_pct', column: null, value: 0.1, max: 0, severity: 'Critical', exceeded: true, message: 'row count difference %: 0.1 exceeds max 0' },
      { rule: 'tolerances.aggregate_sum_rel_diff', column: 'amount', value: 0.0279465, max: 0.000001, severity: 'Major', exceeded: true, message: 'relative difference of sums (amount): 0.0279465 exceeds max 0.000001' },
    ],
    severity: 'Critical', status: 'fail', differs: true,
  },
];

export function fixtureReport(): ReconReport {
  return buildReport({
    generatedAt: '2026-11-27T12:00:00.000Z', spec: DEFAULT_HASHING_SPEC,
    source: { engine: 'postgres', location: 'postgres://db.internal:5432/shop' },
    target: { engine: 'duckdb', location: 'duckdb:warehouse.duckdb' },
    tables: TABLES,
  });
}

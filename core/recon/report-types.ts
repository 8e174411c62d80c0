// The shape of recon_report.json (core/schemas/recon_report.schema.json is the master; keep in step:
// SCHEMA_COMPATIBLE below stops typechecking when these types drift from the generated ones).
import type { ReconReport as GeneratedReconReport } from '../types/generated.js';

export type Severity = 'Critical' | 'Major' | 'Minor';
export type TableStatus = 'match' | 'within_tolerance' | 'mismatch';

/** Canonical text of each key column, by column name. */
export type KeyValues = Record<string, string>;

export interface ColumnDifference {
  readonly column: string;
  /** Canonical text (spec form) of each side, or "<masked>" for a PII column. */
  readonly source: string | null;
  readonly target: string | null;
}

export interface MismatchedRow {
  readonly key: KeyValues;
  readonly columns: ColumnDifference[];
}

export interface AggregateResult {
  readonly column: string;
  readonly metric: 'count' | 'null_count' | 'sum' | 'min' | 'max' | 'distinct';
  readonly source: string | null;
  readonly target: string | null;
  readonly equal: boolean;
}

export interface SampleResult {
  readonly seed: string;
  readonly rate: number;
  readonly source_rows: number;
  readonly target_rows: number;
  readonly mismatched_keys: KeyValues[];
}

export interface ToleranceFinding {
  /** The policy rule that rated it, e.g. "tolerances.checksum_mismatch_rows". */
  readonly rule: string;
  readonly column: string | null;
  readonly value: number;
  readonly max: number;
  readonly severity: Severity;
  readonly exceeded: boolean;
  readonly message: string;
}

export interface TableReport {
  readonly source_table: string;
  readonly target_table: string;
  readonly key: string[];
  readonly columns: { name: string; logical_type: string; pii: boolean }[];
  readonly counts: { source: number; target: number };
  readonly differences: { missing: number; extra: number; mismatched: number; listed_limit: number };
  readonly missing_keys: KeyValues[];
  readonly extra_keys: KeyValues[];
  readonly mismatched_rows: MismatchedRow[];
  readonly duplicate_keys: KeyValues[];
  readonly segments: { first_pass: number; compared: number; differing: number; leaves: number; leaf_rows: number };
  readonly aggregates: AggregateResult[];
  readonly sample: SampleResult | null;
  readonly findings: ToleranceFinding[];
  readonly severity: Severity | null;
  readonly status: TableStatus;
}

export interface ReconReport {
  readonly report_version: '1';
  readonly generated_at: string;
  readonly hashing_spec: { spec_id: string; version: string; digest: string };
  readonly source: { engine: string; location: string };
  readonly target: { engine: string; location: string };
  readonly summary: {
    tables: number; matched: number; within_tolerance: number; mismatched: number;
    severity: Severity | null; status: 'pass' | 'fail';
  };
  readonly tables: TableReport[];
}

/** Compile-time link to the schema: a report built from these types is a document of the generated type. */
export type AssertSchemaCompatible = ReconReport extends GeneratedReconReport ? true : never;
export const SCHEMA_COMPATIBLE: AssertSchemaCompatible = true;

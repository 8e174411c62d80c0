// The shape of recon_report.json (core/schemas/recon_report.schema.json is the master; keep in step:
// SCHEMA_COMPATIBLE below stops typechecking when these types drift from the generated ones).
import type { ReconReport as GeneratedReconReport } from '../types/generated.js';

export type Severity = 'Critical' | 'Major' | 'Minor';
/** The verdict, in the same words for a table and for the whole report. */
export type Verdict = 'pass' | 'fail';

/** Each key column's value: a number for an integer JSON holds exactly, else canonical text; null for NULL. */
export type KeyValues = Record<string, string | number | null>;

export interface SchemaDifference {
  readonly column: string;
  readonly source_type: string;
  readonly target_type: string;
  readonly source_logical: string | null;
  readonly target_logical: string | null;
  /** The logical type both sides were compared as, or null when the column could not be compared. */
  readonly compared_as: string | null;
}

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
  readonly differences: { missing: number; extra: number; mismatched: number; duplicates: number; listed_limit: number };
  /** The JSON Lines file holding every differing row, or null when none was written. */
  readonly differences_file: string | null;
  readonly schema_differences: SchemaDifference[];
  readonly shard: { index: number; count: number } | null;
  readonly missing_keys: KeyValues[];
  readonly extra_keys: KeyValues[];
  readonly mismatched_rows: MismatchedRow[];
  readonly duplicate_keys: KeyValues[];
  readonly segments: { first_pass: number; compared: number; differing: number; leaves: number; leaf_rows: number };
  readonly aggregates: AggregateResult[];
  readonly sample: SampleResult | null;
  readonly findings: ToleranceFinding[];
  readonly severity: Severity | null;
  readonly status: Verdict;
  /** True when anything differs, within tolerance or not. */
  readonly differs: boolean;
}

export interface ReconReport {
  readonly report_version: '1';
  readonly generated_at: string;
  readonly hashing_spec: { spec_id: string; version: string; digest: string };
  readonly source: { engine: string; location: string };
  readonly target: { engine: string; location: string };
  readonly summary: {
    tables: number; passed: number; failed: number; within_tolerance: number;
    severity: Severity | null; status: Verdict;
  };
  readonly tables: TableReport[];
}

/** Compile-time link to the schema: a report built from these types is a document of the generated type. */
export type AssertSchemaCompatible = ReconReport extends GeneratedReconReport ? true : never;
export const SCHEMA_COMPATIBLE: AssertSchemaCompatible = true;

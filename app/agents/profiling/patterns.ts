// PII by pattern, one rule for the Profiling and Mapping agents: a column's values are personal data of
// a kind when at least PATTERN_SHARE of its non-null values in the rows profiled match that kind's
// pattern. The share is taken over the rows sampled (profiled_rows - null_count), never over the
// distinct values: 2 emails among 1000 values are not an email column, however few distinct values.
import type { ProfiledColumn } from '../../../core/types/generated.js';
import type { DeepReadonly } from '../../../core/schema/readonly.js';

export type PatternKind = 'email' | 'phone' | 'card_number';
export const PII_PATTERNS: readonly PatternKind[] = ['email', 'card_number', 'phone'];
/** A pattern counts as evidence when at least this share of the non-null values match it. */
export const PATTERN_SHARE = 0.8;

export interface PatternMatch {
  readonly pattern: PatternKind;
  /** Values matching, as the profile counts them (the figure a citation names). */
  readonly count: number;
  /** Non-null values among the rows profiled. */
  readonly nonnull: number;
}

/** The PII patterns most of a column's values match, in PII_PATTERNS order. */
export function piiPatterns(column: DeepReadonly<ProfiledColumn>, profiledRows: number): PatternMatch[] {
  const nonnull = profiledRows - column.null_count;
  const p = column.patterns;
  if (!p || nonnull <= 0) return [];
  return PII_PATTERNS.map((pattern) => ({ pattern, count: p[pattern] ?? 0, nonnull })).filter((m) => m.count > 0 && m.count / m.nonnull >= PATTERN_SHARE);
}

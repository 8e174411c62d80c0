// How canonical texts are shown to people. Floats are canonical as "MpE" (exact but unreadable); the
// shortest decimal that round-trips to the same binary64 names the same value, so reports show that.
import type { LogicalType } from '../hashing/types.js';
import { canonicalNumber } from './tolerance.js';

export function displayValue(logical: LogicalType, canonical: string | null): string | null {
  if (canonical === null || logical !== 'float') return canonical;
  const n = canonicalNumber(canonical);
  return Number.isNaN(n) && canonical !== 'NaN' ? canonical : String(n);
}

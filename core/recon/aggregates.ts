// Compares per-column aggregates of both sides. Canonical texts compare exactly, except float sums:
// engines add in different orders, so those are equal within FLOAT_SUM_REL (a rounding bound, not a
// tolerance; policy tolerances apply on top).
import type { HashColumn } from '../hashing/types.js';
import type { AggregateColumn, AggregateMetric } from './queries.js';
import type { AggregateResult } from './report-types.js';
import { canonicalNumber } from './tolerance.js';

export const FLOAT_SUM_REL = 1e-9;

const NUMERIC = new Set(['integer', 'decimal', 'float']);
const ORDERED = new Set(['integer', 'decimal', 'float', 'date', 'time', 'timestamp', 'timestamptz']);

/**
 * Default metrics: counts and nulls for all; sum for numbers; min/max where order is engine-neutral. A
 * column compared through canonical text (its types differ) gets counts only: its sides hold different
 * kinds of value, so sums and extremes would not mean the same thing.
 */
export function defaultAggregates(columns: readonly HashColumn[], distinct: readonly string[] = []): AggregateColumn[] {
  return columns.map((column) => {
    const metrics: AggregateMetric[] = ['count', 'null_count'];
    if (column.escape) return { column, metrics };
    if (NUMERIC.has(column.logical)) metrics.push('sum');
    if (ORDERED.has(column.logical)) metrics.push('min', 'max');
    if (distinct.includes(column.name)) metrics.push('distinct');
    return { column, metrics };
  });
}

export function compareAggregates(
  columns: readonly AggregateColumn[],
  source: Record<string, string | null>,
  target: Record<string, string | null>,
): AggregateResult[] {
  const out: AggregateResult[] = [];
  columns.forEach((c, i) => {
    for (const metric of c.metrics) {
      const alias = `a${i}_${metric}`;
      const s = source[alias] ?? null;
      const t = target[alias] ?? null;
      let equal = s === t;
      if (!equal && metric === 'sum' && c.column.logical === 'float') {
        const x = canonicalNumber(s);
        const y = canonicalNumber(t);
        equal = x === y || Math.abs(x - y) <= FLOAT_SUM_REL * Math.max(Math.abs(x), Math.abs(y));
      }
      out.push({ column: c.column.name, metric, source: s, target: t, equal });
    }
  });
  return out;
}

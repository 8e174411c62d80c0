// Tolerances from policy (policies/policy.json "tolerances") applied to one table's figures. Each
// measured difference becomes a finding rated by the rule that covers it; a table fails only when a
// figure exceeds its rule's max.
import type { AggregateResult, Severity, ToleranceFinding, Verdict } from './report-types.js';

export interface Threshold {
  readonly max: number;
  readonly severity: Severity;
}

export interface Tolerances {
  readonly row_count_diff_pct: Threshold;
  readonly checksum_mismatch_rows: Threshold;
  readonly null_rate_diff_pct: Threshold;
  readonly aggregate_sum_rel_diff: Threshold;
}

/** Used when no policy is given: any difference fails. */
export const STRICT_TOLERANCES: Tolerances = Object.freeze<Tolerances>({
  row_count_diff_pct: { max: 0, severity: 'Critical' },
  checksum_mismatch_rows: { max: 0, severity: 'Critical' },
  null_rate_diff_pct: { max: 0, severity: 'Major' },
  aggregate_sum_rel_diff: { max: 0, severity: 'Major' },
});

const RANK: Record<Severity, number> = { Critical: 3, Major: 2, Minor: 1 };

export function maxSeverity(list: readonly (Severity | null)[]): Severity | null {
  let best: Severity | null = null;
  for (const s of list) if (s && (!best || RANK[s] > RANK[best])) best = s;
  return best;
}

/** Numeric value of a canonical text (decimal, integer, or float "MpE"); NaN when it has none. */
export function canonicalNumber(text: string | null): number {
  if (text === null) return NaN;
  const p = /^(-?\d+)p(-?\d+)$/.exec(text);
  if (p) return Number(p[1]) * 2 ** Number(p[2]);
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  return Number(text);
}

export interface TableFigures {
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly differingRows: number;
  readonly aggregates: readonly AggregateResult[];
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}

export function evaluateTolerances(f: TableFigures, tol: Tolerances): ToleranceFinding[] {
  const out: ToleranceFinding[] = [];
  const add = (rule: keyof Tolerances, column: string | null, value: number, what: string) => {
    if (!(value > 0) && !Number.isNaN(value)) return;
    const t = tol[rule];
    const v = Number.isNaN(value) ? Infinity : round(value);
    const exceeded = v > t.max;
    out.push({
      rule: `tolerances.${rule}`, column, value: Number.isFinite(v) ? v : Number.MAX_VALUE, max: t.max, severity: t.severity, exceeded,
      message: `${what}${column ? ` (${column})` : ''}: ${Number.isFinite(v) ? v : 'not comparable'} ${exceeded ? 'exceeds' : 'within'} max ${t.max}`,
    });
  };
  const base = Math.max(f.sourceRows, 1);
  add('row_count_diff_pct', null, (Math.abs(f.sourceRows - f.targetRows) / base) * 100, 'row count difference %');
  add('checksum_mismatch_rows', null, f.differingRows, 'rows missing, extra or different');
  const byColumn = new Map<string, Map<string, AggregateResult>>();
  for (const a of f.aggregates) {
    if (!byColumn.has(a.column)) byColumn.set(a.column, new Map());
    byColumn.get(a.column)!.set(a.metric, a);
  }
  for (const [column, m] of byColumn) {
    const nulls = m.get('null_count');
    if (nulls && !nulls.equal) {
      const rs = canonicalNumber(nulls.source) / Math.max(f.sourceRows, 1);
      const rt = canonicalNumber(nulls.target) / Math.max(f.targetRows, 1);
      add('null_rate_diff_pct', column, Math.abs(rs - rt) * 100, 'null rate difference %');
    }
    const sum = m.get('sum');
    if (sum && !sum.equal) {
      const s = canonicalNumber(sum.source);
      const t = canonicalNumber(sum.target);
      const rel = s === t ? 0 : Math.abs(s - t) / Math.max(Math.abs(s), Math.abs(t), Number.MIN_VALUE);
      add('aggregate_sum_rel_diff', column, rel, 'relative difference of sums');
    }
  }
  return out;
}

export function tableStatus(findings: readonly ToleranceFinding[], anyDifference: boolean): { status: Verdict; differs: boolean; severity: Severity | null } {
  const exceeded = findings.filter((f) => f.exceeded);
  if (exceeded.length > 0) return { status: 'fail', differs: true, severity: maxSeverity(exceeded.map((f) => f.severity)) };
  return { status: 'pass', differs: anyDifference, severity: null };
}

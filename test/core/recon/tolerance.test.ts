import { describe, expect, it } from 'vitest';
import { compareAggregates, defaultAggregates } from '../../../core/recon/aggregates.js';
import type { AggregateResult } from '../../../core/recon/report-types.js';
import { displayValue } from '../../../core/recon/display.js';
import { canonicalNumber, evaluateTolerances, STRICT_TOLERANCES, tableStatus, type Tolerances } from '../../../core/recon/tolerance.js';

const POLICY: Tolerances = {
  row_count_diff_pct: { max: 1, severity: 'Critical' },
  checksum_mismatch_rows: { max: 5, severity: 'Major' },
  null_rate_diff_pct: { max: 0.1, severity: 'Minor' },
  aggregate_sum_rel_diff: { max: 1e-6, severity: 'Major' },
};

const agg = (column: string, metric: AggregateResult['metric'], source: string, target: string): AggregateResult =>
  ({ column, metric, source, target, equal: source === target });

describe('tolerances and severity', () => {
  it.each<[string, Parameters<typeof evaluateTolerances>[0], Tolerances, string, string | null, string[]]>([
    ['no differences: match', { sourceRows: 100, targetRows: 100, differingRows: 0, aggregates: [] }, POLICY, 'pass', null, []],
    ['3 rows differ under max 5: within tolerance', { sourceRows: 100, targetRows: 100, differingRows: 3, aggregates: [] }, POLICY,
      'pass+', null, ['tolerances.checksum_mismatch_rows:within']],
    ['6 rows differ: Major by checksum_mismatch_rows', { sourceRows: 100, targetRows: 100, differingRows: 6, aggregates: [] }, POLICY,
      'fail', 'Major', ['tolerances.checksum_mismatch_rows:exceeded']],
    ['2% rows missing: Critical by row count', { sourceRows: 100, targetRows: 98, differingRows: 2, aggregates: [] }, POLICY,
      'fail', 'Critical', ['tolerances.row_count_diff_pct:exceeded', 'tolerances.checksum_mismatch_rows:within']],
    ['strict policy: one row fails', { sourceRows: 100, targetRows: 100, differingRows: 1, aggregates: [] }, STRICT_TOLERANCES,
      'fail', 'Critical', ['tolerances.checksum_mismatch_rows:exceeded']],
    ['null rate moved 1%: Minor', { sourceRows: 100, targetRows: 100, differingRows: 0, aggregates: [agg('c', 'null_count', '1', '2')] }, POLICY,
      'fail', 'Minor', ['tolerances.null_rate_diff_pct:exceeded']],
    ['sum off by 1e-9 relative: within', { sourceRows: 1, targetRows: 1, differingRows: 0, aggregates: [agg('c', 'sum', '1000000000.0000', '1000000001.0000')] }, POLICY,
      'pass+', null, ['tolerances.aggregate_sum_rel_diff:within']],
  ])('%s', (_, figures, tol, status, severity, rules) => {
    const findings = evaluateTolerances(figures, tol);
    expect(findings.map((f) => `${f.rule}:${f.exceeded ? 'exceeded' : 'within'}`)).toEqual(rules);
    const anyDifference = figures.differingRows > 0 || figures.sourceRows !== figures.targetRows || figures.aggregates.some((a) => !a.equal);
    // 'pass+': the verdict is pass and the table differs within tolerance.
    expect(tableStatus(findings, anyDifference)).toEqual({ status: status.replace('+', ''), differs: status !== 'pass', severity });
  });

  it.each([
    ['4503599627370496p-52', 1],
    ['-3p1', -6],
    ['12.5000', 12.5],
    ['Infinity', Infinity],
  ])('canonicalNumber(%s) = %s', (text, n) => {
    expect(canonicalNumber(text)).toBe(n);
  });

  it('float sums that differ only by summation order are equal; decimal sums compare exactly', () => {
    const cols = defaultAggregates([
      { name: 'f', logical: 'float', physical: 'double' },
      { name: 'd', logical: 'decimal', physical: 'numeric', scale: 2 },
    ]);
    const r = compareAggregates(cols,
      { a0_sum: '4503599627370496p-52', a1_sum: '1.00' },
      { a0_sum: '4503599627370497p-52', a1_sum: '1.01' });
    expect(r.filter((a) => a.metric === 'sum').map((a) => [a.column, a.equal])).toEqual([['f', true], ['d', false]]);
  });
});

describe('displayValue', () => {
  it.each<[Parameters<typeof displayValue>[0], string | null, string | null]>([
    ['float', '7205759403792794p-56', '0.1'],
    ['float', '-6755399441055744p-52', '-1.5'],
    ['float', 'NaN', 'NaN'],
    ['float', '-Infinity', '-Infinity'],
    ['float', null, null],
    ['decimal', '1.5000', '1.5000'],
    ['string', '1p2', '1p2'],
  ])('%s %s -> %s', (logical, canonical, shown) => {
    expect(displayValue(logical, canonical)).toBe(shown);
  });
});

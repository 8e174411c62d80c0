// The reconciliation guard: RECONCILED and PARALLEL_VALIDATED only on a passing reconciliation of the latest
// signed plan version, the refusal naming the report.
import { describe, expect, it } from 'vitest';
import { memoryRepoFiles } from '../../../core/repo/files.js';
import { reconGuard, reconReportFiles } from '../../../core/state/index.js';

const report = (status: string, failed = 0) => JSON.stringify({
  summary: { tables: 2, passed: 2 - failed, failed, status },
  tables: [{ source_table: 'main.orders', status: failed ? 'fail' : 'pass', findings: failed ? [{ exceeded: true, message: 'row count differs by 1 (0.02%), max 0' }] : [] }],
});

describe('reconGuard', () => {
  it('lets EXECUTED->RECONCILED and RECONCILED->PARALLEL_VALIDATED through on a passing report of the latest signed version', () => {
    const files = reconReportFiles(memoryRepoFiles({ 'reconciliation/v2/recon_report.json': report('pass'), 'reconciliation/v1/recon_report.json': report('fail', 1) }));
    expect(reconGuard('EXECUTED->RECONCILED', [1, 2], files)).toBeUndefined();
    expect(reconGuard('RECONCILED->PARALLEL_VALIDATED', [1, 2], files)).toBeUndefined();
  });

  it('leaves every other transition alone', () => {
    expect(reconGuard('PARALLEL_VALIDATED->CUTOVER_READY', [], [])).toBeUndefined();
    expect(reconGuard('PLANNED->EXECUTED', [], [])).toBeUndefined();
  });

  it('refuses while the latest signed version has no report, naming the file it needs', () => {
    const files = reconReportFiles(memoryRepoFiles({ 'reconciliation/v1/recon_report.json': report('pass') }));
    expect(reconGuard('EXECUTED->RECONCILED', [1, 2], files)).toMatch(/needs reconciliation\/v2\/recon_report\.json, the reconciliation of signed plan v2, and it is missing/);
    expect(reconGuard('EXECUTED->RECONCILED', [], files)).toMatch(/no plan is signed/);
  });

  it('refuses a report beyond tolerance, naming it, the table and the tolerance exceeded', () => {
    const files = reconReportFiles(memoryRepoFiles({ 'reconciliation/v1/recon_report.json': report('pass'), 'reconciliation/v1/recon_report.2.json': report('fail', 1) }));
    expect(reconGuard('RECONCILED->PARALLEL_VALIDATED', [1], files)).toMatch(
      /RECONCILED->PARALLEL_VALIDATED is refused: reconciliation\/v1\/recon_report\.2\.json \(signed plan v1\) is beyond tolerance, 1 of 2 table\(s\) failed: main\.orders \(row count differs by 1/);
  });

  it('refuses a report that does not parse or has no verdict', () => {
    const files = reconReportFiles(memoryRepoFiles({ 'reconciliation/v1/recon_report.json': '{not json' }));
    expect(reconGuard('EXECUTED->RECONCILED', [1], files)).toMatch(/recon_report\.json \(signed plan v1\) has no verdict \(summary\.status is null\)/);
  });
});

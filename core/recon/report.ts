// Assembles recon_report.json from table results: the summary says how many tables matched, stayed
// within tolerance or failed, and the highest severity; status is "fail" when any table failed.
import type { HashingSpec } from '../hashing/spec.js';
import type { ReconReport, TableReport } from './report-types.js';
import { maxSeverity } from './tolerance.js';

export interface ReportInput {
  readonly generatedAt: string;
  readonly spec: Pick<HashingSpec, 'specId' | 'version' | 'digest'>;
  readonly source: { engine: string; location: string };
  readonly target: { engine: string; location: string };
  readonly tables: readonly TableReport[];
}

export function buildReport(input: ReportInput): ReconReport {
  const t = input.tables;
  const failed = t.filter((x) => x.status === 'fail').length;
  return {
    report_version: '1',
    generated_at: input.generatedAt,
    hashing_spec: { spec_id: input.spec.specId, version: input.spec.version, digest: input.spec.digest },
    source: input.source,
    target: input.target,
    summary: {
      tables: t.length,
      passed: t.length - failed,
      failed,
      within_tolerance: t.filter((x) => x.status === 'pass' && x.differs).length,
      severity: maxSeverity(t.map((x) => x.severity)),
      status: failed > 0 ? 'fail' : 'pass',
    },
    tables: [...t],
  };
}

/** Exit code of a report: 0 when nothing differs beyond tolerance, 1 otherwise. */
export function reportExitCode(r: ReconReport): 0 | 1 {
  return r.summary.status === 'pass' ? 0 : 1;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReconMarkdown } from '../../../core/recon/markdown.js';
import { buildReport, reportExitCode } from '../../../core/recon/report.js';
import { validateDocument } from '../../../core/schema/validate.js';
import { fixtureReport, TABLES } from './report-fixture.js';

const golden = (name: string) => readFileSync(new URL(`../../golden/recon/${name}`, import.meta.url), 'utf8');

describe('recon report', () => {
  it('summarises tables by status and the highest severity', () => {
    const r = fixtureReport();
    expect(r.summary).toEqual({ tables: 3, passed: 2, failed: 1, within_tolerance: 1, severity: 'Critical', status: 'fail' });
    expect(reportExitCode(r)).toBe(1);
  });

  it.each([
    ['all match', [TABLES[0]!], 0],
    ['within tolerance passes', [TABLES[0]!, TABLES[1]!], 0],
    ['a failed table fails', [TABLES[2]!], 1],
  ])('%s', (_, tables, code) => {
    const r = buildReport({ ...fixtureReport(), generatedAt: 'x', spec: { specId: 'x', version: '1.0.0', digest: 'md5' } as never, tables });
    expect(reportExitCode(r)).toBe(code);
  });

  it('is valid against recon_report.schema.json', () => {
    expect(validateDocument('recon_report', fixtureReport(), { file: 'recon_report.json', lines: new Map() })).toEqual([]);
  });

  it('a report missing a table field fails the schema', () => {
    const r = JSON.parse(JSON.stringify(fixtureReport()));
    delete r.tables[0].status;
    expect(validateDocument('recon_report', r, { file: 'recon_report.json', lines: new Map() }).length).toBeGreaterThan(0);
  });

  it('renders markdown for the pull request (golden)', () => {
    expect(renderReconMarkdown(fixtureReport())).toBe(golden('report.md'));
  });

  it('renders an all-match report (golden)', () => {
    const r = buildReport({ ...fixtureReport(), generatedAt: '2026-11-27T12:00:00.000Z', spec: fixtureReportSpec(), tables: [TABLES[0]!] });
    expect(renderReconMarkdown(r)).toBe(golden('match.md'));
  });
});

function fixtureReportSpec() {
  return { specId: 'canonical-row-hash', version: '1.0.0', digest: 'md5' } as never;
}

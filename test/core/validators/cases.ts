// Table-driven validator cases: edit the demo repository, run one validator, compare [path, line, rule].
import { expect } from 'vitest';
import { buildMigrationContext, memoryRepoFiles } from '../../../core/repo/index.js';
import { runValidator, type Validator, type ValidatorOptions } from '../../../core/validators/index.js';
import { DEMO, lineOfText, repoWith, type Edit } from './repo.js';

/** An expected finding: the file, a text marking its line, the rule, and optionally severity and message. */
export type Expect = readonly [path: string, marker: string, rule: string, severity?: 'error' | 'warning', message?: RegExp];

export interface Case {
  readonly name: string;
  readonly edits?: readonly Edit[];
  readonly extra?: Readonly<Record<string, string | undefined>>;
  readonly expect: readonly Expect[];
  readonly opts?: (files: Record<string, string>) => ValidatorOptions;
}

export function check(validator: Validator, c: Case): void {
  const files = repoWith(c.edits ?? [], c.extra ?? {});
  const ctx = buildMigrationContext(memoryRepoFiles(files));
  const opts = c.opts?.(files) ?? {};
  const skipped = validator.skip?.(ctx, opts);
  expect(skipped, `validator skipped: ${skipped}`).toBeUndefined();
  const result = runValidator(validator, ctx, opts);
  const got = result.findings.map((f) => [f.path, f.line, f.rule, f.severity]);
  const want = c.expect.map(([path, marker, rule, severity]) =>
    [path, marker === '' ? 1 : lineOfText(files, path, marker), rule, severity ?? 'error']);
  expect(got.sort()).toEqual(want.sort());
  for (const [, , rule, , message] of c.expect) {
    if (message) expect(result.findings.find((f) => f.rule === rule)?.message).toMatch(message);
  }
  const errors = c.expect.filter(([, , , s]) => (s ?? 'error') === 'error').length;
  expect(result.status).toBe(errors > 0 ? 'fail' : 'pass');
}

/** The demo's manual decisions with more appended. */
export function decisionsWith(...more: object[]): string {
  const d = JSON.parse(DEMO['contracts/manual_decisions_required.json']!) as { decisions: object[] };
  return `${JSON.stringify({ decisions: [...d.decisions, ...more] }, null, 2)}\n`;
}

export const resolved = (id: string, table: string, column: string) => ({
  id, kind: 'lossy_cast', subject: { table, column }, question: 'Accept?', status: 'resolved',
  resolution: { choice: 'accept', rationale: 'checked in profiling', decided_by: 'dora', decided_at: '2026-11-21T10:00:00Z' },
});

export const open = (id: string, table: string, column: string) => ({
  id, kind: 'lossy_cast', subject: { table, column }, question: 'Accept?', status: 'open',
});

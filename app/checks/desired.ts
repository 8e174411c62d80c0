// The check-run mapping of validator results (shared by the app and, through it, the demo): one check run
// `migration/<id>` per validator, in the validators' order. A "no" (status fail) is conclusion failure; a
// validator that broke, or a reconcile that could not read what it needed, is neutral with the error and
// a retry (never a silent pass); a validator with nothing to judge is skipped with its reason; else success.
import type { Finding } from '../../core/schema/finding.js';
import { VALIDATORS, type ValidationRun } from '../../core/validators/index.js';
import type { CheckConclusion } from '../github/port.js';

export const CHECK_PREFIX = 'migration/';

export function checkName(validatorId: string): string {
  return `${CHECK_PREFIX}${validatorId}`;
}

/** Where the verdict was reached: shown in every summary so a reader knows which commits were judged. */
export interface Judged {
  readonly headSha: string;
  readonly baseRef: string;
  readonly baseSha: string;
}

export interface DesiredCheck {
  readonly name: string;
  readonly validator: { readonly id: string; readonly version: string };
  readonly conclusion: Extract<CheckConclusion, 'success' | 'failure' | 'neutral' | 'skipped'>;
  readonly findings: readonly Finding[];
  /** skipped: why; neutral: the error. */
  readonly reason?: string;
  /** Whether findings become annotations on files (approvals are about people, not lines: summary only). */
  readonly annotate?: boolean;
}

/**
 * migration/approvals changes on the same commit as people review, and GitHub only ever appends annotations,
 * so annotations there would pile up stale ones; its findings (roles and code owners still missing) are in
 * its summary only.
 */
const SUMMARY_ONLY: ReadonlySet<string> = new Set(['approvals']);

/** Every validator's check run from a validation run; `systemError` (one per validator id, or '*') makes it neutral. */
export function desiredChecks(run: ValidationRun | undefined, systemError: ReadonlyMap<string, string> = new Map(), skippedBecause: ReadonlyMap<string, string> = new Map()): DesiredCheck[] {
  return VALIDATORS.map((v): DesiredCheck => {
    const validator = { id: v.id, version: v.version };
    const name = checkName(v.id);
    const annotate = !SUMMARY_ONLY.has(v.id);
    const error = systemError.get(v.id) ?? systemError.get('*');
    if (error !== undefined || run === undefined) {
      return { name, validator, conclusion: 'neutral', findings: [], reason: error ?? 'the validators did not run' };
    }
    const skipped = run.skipped.find((s) => s.id === v.id);
    if (skipped) return { name, validator, conclusion: 'skipped', findings: [], reason: skippedBecause.get(v.id) ?? skipped.reason };
    const result = run.results.find((r) => r.id === v.id);
    if (!result) return { name, validator, conclusion: 'skipped', findings: [], reason: 'not run' };
    if (result.status === 'error') {
      const message = result.findings.map((f) => f.message).join('; ');
      return { name, validator, conclusion: 'neutral', findings: result.findings, reason: message };
    }
    return { name, validator, conclusion: result.status === 'fail' ? 'failure' : 'success', findings: result.findings, annotate };
  });
}

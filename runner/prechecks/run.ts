// Pre-checks declared in the plan: SQL assertions run read-only before anything writes. Each query must
// return one value equal to `expect` (numbers as numbers, booleans as true/false, text as text); a failed
// one refuses the run with the query and what it returned.
import { CopilotError } from '../../core/errors.js';
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { Precheck, PrecheckResult } from '../../core/types/generated.js';

export function matches(expected: string | number | boolean | null, actual: string | null): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (typeof expected === 'number') return actual.trim() !== '' && Number(actual) === expected;
  if (typeof expected === 'boolean') return (['t', 'true', '1'].includes(actual.toLowerCase()) ? true : ['f', 'false', '0'].includes(actual.toLowerCase()) ? false : undefined) === expected;
  return actual === expected;
}

/** The first value of a query's first row on one side, as text (null for NULL or no row). */
export type ScalarQuery = (side: 'source' | 'target', sql: string) => Promise<string | null>;

export async function runPrechecks(checks: readonly DeepReadonly<Precheck>[], scalar: ScalarQuery): Promise<PrecheckResult[]> {
  const out: PrecheckResult[] = [];
  for (const c of checks) {
    const actual = await scalar(c.side, c.sql);
    out.push({ id: c.id, side: c.side, sql: c.sql, expected: c.expect, actual, ok: matches(c.expect, actual) });
  }
  return out;
}

export function refuseOnPrechecks(results: readonly PrecheckResult[]): void {
  const bad = results.filter((r) => !r.ok);
  if (bad.length === 0) return;
  const lines = bad.map((r) => `  ${r.id} (${r.side}): ${r.sql}\n    expected ${JSON.stringify(r.expected)}, returned ${JSON.stringify(r.actual)}`);
  throw new CopilotError('PLAN_REFUSED', `pre-check failed:\n${lines.join('\n')}`, { hint: 'nothing was written; fix the data or the plan (and sign it again)' });
}

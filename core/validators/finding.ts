// Building findings against the context's line maps, so each points at the offending value.
import type { Finding, Severity } from '../schema/finding.js';
import { escapePointerToken } from '../schema/finding.js';
import type { MigrationContext } from '../repo/context.js';

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

export function findingAt(
  ctx: MigrationContext, path: string, ptr: string, rule: string, message: string, severity: Severity = 'error',
): Finding {
  return { path, line: ctx.lineOf(path, ptr), pointer: ptr, rule, severity, message };
}

// How cli/main.ts reports what a command throws: a CopilotError by its kind (exit 1, 2 or 3) with its hint;
// anything else (a bug, an unexpected system failure) as exit 3 in one line, never a stack trace unless
// MIGRATION_COPILOT_DEBUG=1.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../cli/main.js';
import { CopilotError } from '../../core/errors.js';

function report(e: unknown, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env, cwd: '.', interactive: false };
  const code = reportError(e, io, (s) => lines.push(s));
  return { code, text: lines.join('\n') };
}

describe('reportError', () => {
  it('reports an unexpected error in one line, exit 3, without a stack', () => {
    const e = new TypeError('Cannot read properties of undefined (reading \'x\')\n    at secretFunction (/app/x.ts:1:1)');
    const r = report(e);
    expect(r.code).toBe(3);
    expect(r.text.split('\n')).toHaveLength(1);
    expect(r.text).toMatch(/^error\[INTERNAL\]: Cannot read properties of undefined \(reading 'x'\) \(an unexpected failure; rerun with MIGRATION_COPILOT_DEBUG=1/);
    expect(r.text).not.toMatch(/ {4}at /);
  });

  it('shows the stack with MIGRATION_COPILOT_DEBUG=1', () => {
    const r = report(new Error('boom'), { MIGRATION_COPILOT_DEBUG: '1' });
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/\n {4}at /);
  });

  it.each([
    ['APPROVALS_MISSING', 1], ['SCHEMA_INVALID', 2], ['IO_FAILED', 3],
  ] as const)('maps %s to exit %i with its hint', (code, exit) => {
    const r = report(new CopilotError(code, 'what went wrong', { hint: 'what to do' }));
    expect(r.code).toBe(exit);
    expect(r.text).toBe(`error[${code}]: what went wrong\nwhat to do`);
  });
});

// A failed step, named: the demo says which step failed and why, keeping the kind of failure (a "no" exits 1,
// bad input 2, a broken system 3). GitHub's and git's failures are the system's; anything unexpected too.
import { GitError } from 'simple-git';
import { CopilotError } from '../../core/errors.js';

export function asStepError(label: string, e: unknown): CopilotError {
  const prefix = `demo step ${label} failed`;
  if (e instanceof CopilotError) return new CopilotError(e.code, `${prefix}: ${e.message}`, { cause: e, ...(e.hint ? { hint: e.hint } : {}) });
  const message = (e instanceof Error ? e.message : String(e)).trim().split('\n').slice(0, 3).join(' / ');
  const status = (e as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return new CopilotError('CONNECTION_FAILED', `${prefix}: GitHub answered HTTP ${status}: ${message}`, { cause: e });
  if (e instanceof GitError) return new CopilotError('IO_FAILED', `${prefix}: git: ${message}`, { cause: e });
  return new CopilotError('INTERNAL', `${prefix}: ${message}`, { cause: e });
}

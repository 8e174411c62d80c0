// A CLI command the demo runs must end as the step expects; otherwise the demo stops with an error of the
// same kind as the command's exit code (a "no" stays a "no", a broken system stays a broken system).
import { CopilotError, type ErrorCode } from '../../core/errors.js';
import type { DemoContext } from './context.js';
import { runCommand } from './run-command.js';

const CODE_OF: Record<number, ErrorCode> = { 1: 'PLAN_REFUSED', 2: 'INPUT_INVALID', 3: 'INTERNAL' };

export async function expectExit(ctx: DemoContext, argv: string[], expected: number, quiet = false): Promise<string> {
  const { code, out } = await runCommand(argv, ctx.io, quiet);
  if (code !== expected) {
    throw new CopilotError(CODE_OF[code] ?? 'INTERNAL', `\`${argv[0]}\` exited ${code}, expected ${expected}; its output above says why`);
  }
  return out;
}

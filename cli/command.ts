// The contract of one CLI command. Each command lives in its own file under cli/commands/ and is
// listed in cli/registry.ts; cli/main.ts only dispatches.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CopilotError } from '../core/errors.js';

export interface CommandIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** True when stderr is a terminal: show progress there; otherwise log structured lines. */
  readonly interactive: boolean;
}

export interface Command {
  /** One word, or two for a group ("audit verify"). */
  readonly name: string;
  readonly summary: string;
  /** Usage lines printed by `help <command>` and after a usage error. */
  readonly usage: string;
  /** Returns the exit code: 0 ok, 1 the answer is no, 2 bad usage or input, 3 the system failed. */
  run(args: string[], io: CommandIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing: unknown flags and missing values are usage errors that name the flag.
 */
export function parseFlags<O extends Options>(
  command: Pick<Command, 'name' | 'usage'>,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CopilotError('USAGE', `${command.name}: ${reason}`, { hint: `usage:\n${command.usage}` });
  }
}

export function requireFlag<T>(command: Pick<Command, 'name' | 'usage'>, value: T | undefined, flag: string): T {
  if (value === undefined || value === '') {
    throw new CopilotError('USAGE', `${command.name}: --${flag} is required`, { hint: `usage:\n${command.usage}` });
  }
  return value;
}

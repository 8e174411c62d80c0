// Dispatches `migration-copilot <command> [args]` to the registry and maps errors to exit codes.
// A failure prints its code, what went wrong and what to do next; never a stack trace unless
// MIGRATION_COPILOT_DEBUG=1. An unexpected error (not a CopilotError) is one line and exit 3. A closed
// output pipe (`| head`) ends the output quietly, keeping the command's exit code.
import { CopilotError, EXIT_CODE } from '../core/errors.js';
import type { CommandIO } from './command.js';
import { COMMANDS } from './registry.js';

function helpText(): string {
  const names = Object.keys(COMMANDS).sort();
  return [
    'migration-copilot: a GitOps controller for data migrations.',
    '',
    'usage: migration-copilot <command> [options]',
    '',
    'commands:',
    ...names.map((n) => `  ${n}`),
    '',
    'Run `migration-copilot help <command>` for a command\'s options.',
    'Exit codes: 0 ok, 1 the answer is no, 2 bad usage or input, 3 the system failed.',
  ].join('\n');
}

function resolve(argv: string[]): { name: string; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (argv.length >= 2 && COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  const one = argv[0];
  if (one !== undefined && COMMANDS[one]) return { name: one, rest: argv.slice(1) };
  return undefined;
}

/** A reader that went away (`| head`) is not a failure: what was written is all it wanted. */
function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  const emitter = stream as NodeJS.WritableStream & { on?: (event: 'error', fn: (e: NodeJS.ErrnoException) => void) => unknown };
  if (typeof emitter.on !== 'function') return;
  emitter.on('error', (e) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  ignoreClosedPipe(io.stdout);
  ignoreClosedPipe(io.stderr);
  const write = (s: string) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(`${helpText()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'help') {
    const target = resolve(argv.slice(1));
    if (!target) {
      io.stdout.write(`${helpText()}\n`);
      return argv.length > 1 ? 2 : 0;
    }
    const cmd = await COMMANDS[target.name]!();
    io.stdout.write(`${cmd.summary}\n\nusage:\n${cmd.usage}\n`);
    return 0;
  }
  const target = resolve(argv);
  if (!target) {
    write(`error[USAGE]: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${helpText()}`);
    return 2;
  }
  try {
    const cmd = await COMMANDS[target.name]!();
    if (target.rest.includes('--help') || target.rest.includes('-h')) {
      io.stdout.write(`${cmd.summary}\n\nusage:\n${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(target.rest, io);
  } catch (e) {
    return reportError(e, io, write);
  }
}

export function reportError(e: unknown, io: CommandIO, write: (s: string) => void): number {
  if (e instanceof CopilotError) {
    write(`error[${e.code}]: ${e.message}`);
    if (e.hint) write(e.hint);
    if (io.env.MIGRATION_COPILOT_DEBUG === '1' && e.cause) write(String((e.cause as Error).stack ?? e.cause));
    return e.exitCode;
  }
  // One line, never a stack (it can quote values): the stack only with MIGRATION_COPILOT_DEBUG=1.
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
  write(`error[INTERNAL]: ${message} (an unexpected failure; rerun with MIGRATION_COPILOT_DEBUG=1 for details)`);
  if (io.env.MIGRATION_COPILOT_DEBUG === '1' && e instanceof Error) write(e.stack ?? '');
  return EXIT_CODE.system;
}

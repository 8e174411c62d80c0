// Dispatches `migration-copilot <command> [args]` to the registry and maps errors to exit codes.
// A failure prints its code, what went wrong and what to do next; never a stack trace unless
// MIGRATION_COPILOT_DEBUG=1.
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

export async function main(argv: string[], io: CommandIO): Promise<number> {
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
  const message = e instanceof Error ? e.message : String(e);
  write(`error[INTERNAL]: ${message}`);
  write('This is a bug or an unexpected system failure; rerun with MIGRATION_COPILOT_DEBUG=1 for details.');
  if (io.env.MIGRATION_COPILOT_DEBUG === '1' && e instanceof Error) write(e.stack ?? '');
  return EXIT_CODE.system;
}

// Reads the commands out of a comment: every line that starts with "/" is one ("/plan sign", "/advance
// PLANNED"); other lines are conversation. A name matches the longest registered command (two words before
// one); its arguments are checked against the command's ArgSpecs. Pure.
import type { CommentCommand } from './command.js';

export type ParsedLine =
  | { readonly kind: 'command'; readonly line: string; readonly command: CommentCommand; readonly args: Readonly<Record<string, string>> }
  | { readonly kind: 'unknown'; readonly line: string; readonly reason: string }
  | { readonly kind: 'malformed'; readonly line: string; readonly command: CommentCommand; readonly reason: string };

/** At most this many command lines are read from one comment; the rest are ignored. */
export const MAX_COMMANDS = 5;

export function usageOf(c: CommentCommand): string {
  return [`/${c.name}`, ...c.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`))].join(' ');
}

function checkArgs(command: CommentCommand, words: readonly string[]): { args: Record<string, string> } | { reason: string } {
  if (words.length > command.args.length) {
    return { reason: `/${command.name} takes ${command.args.length === 0 ? 'no arguments' : `at most ${command.args.length} argument(s)`}, got "${words.join(' ')}"` };
  }
  const args: Record<string, string> = {};
  for (const [i, spec] of command.args.entries()) {
    const word = words[i];
    if (word === undefined) {
      if (spec.required) return { reason: `/${command.name} needs <${spec.name}>: ${spec.describe}` };
      continue;
    }
    const fits = spec.values ? spec.values.includes(word) : spec.pattern ? spec.pattern.test(word) : true;
    if (!fits) {
      const allowed = spec.values ? `one of ${spec.values.join(', ')}` : spec.describe;
      return { reason: `<${spec.name}> of /${command.name} must be ${allowed}, not "${word}"` };
    }
    args[spec.name] = word;
  }
  return { args };
}

export function parseCommands(body: string, commands: readonly CommentCommand[]): ParsedLine[] {
  const out: ParsedLine[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('/') || line.length < 2) continue;
    if (out.length === MAX_COMMANDS) break;
    const words = line.slice(1).split(/\s+/).filter((w) => w !== '');
    const two = words.slice(0, 2).join(' ');
    const command = commands.find((c) => c.name === two && words.length >= 2) ?? commands.find((c) => c.name === words[0]);
    if (!command) {
      out.push({ kind: 'unknown', line, reason: `\`/${words.slice(0, 2).join(' ')}\` is not a command of this app` });
      continue;
    }
    const checked = checkArgs(command, words.slice(command.name.split(' ').length));
    out.push('reason' in checked ? { kind: 'malformed', line, command, reason: checked.reason } : { kind: 'command', line, command, args: checked.args });
  }
  return out;
}

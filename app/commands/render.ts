// The markdown of command answers: the help table (every command, its arguments, who may run it and in which
// states), and the reply to one comment, which carries the comment's marker and a digest of the body it
// answered, so a redelivery finds it answered and an edit gets a fresh answer in the same comment. Pure.
import type { CommentCommand } from './command.js';
import { usageOf } from './parse.js';

export function helpTable(commands: readonly CommentCommand[]): string {
  const rows = commands.map((c) => {
    const who = c.roles === 'writers' ? 'anyone with write access' : c.roles.join(', ');
    const when = c.states === 'any' ? 'any state' : c.states.join(', ');
    return `| \`${usageOf(c)}\` | ${c.summary} | ${who} | ${when} |`;
  });
  return [
    '| command | what it does | who may run it | when |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Roles are read from `.migration/config.yml` on the base branch, the state from `project.json` there. Commands from forks and from users without write access are refused.',
  ].join('\n');
}

export interface AnswerSection {
  readonly line: string;
  /** done: it ran and did its work; refused: the answer is no; failed: the system broke. */
  readonly outcome: 'done' | 'refused' | 'failed';
  readonly body: string;
}

const ICON = { done: '✅', refused: '⛔', failed: '⚠️' } as const;

/** The marker kind of a reply: its id is the id of the comment it answers. */
export const REPLY_KIND = 'command';

/** What a reply carries to say which body it answered. */
export function digestMark(digest: string): string {
  return `<!-- migration-copilot:command-digest:${digest} -->`;
}

/** The reply's body under its marker (app/github/marker.ts adds the marker line). */
export function renderReply(digest: string, actor: string, sections: readonly AnswerSection[]): string {
  return [
    digestMark(digest),
    ...sections.flatMap((s) => [`### ${ICON[s.outcome]} \`${s.line}\` (@${actor}): ${s.outcome}`, '', s.body, '']),
  ].join('\n').trimEnd() + '\n';
}

// Every command a message tells the user to run must exist: each `migration-copilot <command>` named in
// the source (errors, hints, usage, comments) against cli/registry.ts, and each comment command (`/plan sign`,
// "comment /advance ...") against the app's command registry, app/commands/registry.ts, the one list of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS as APP_COMMANDS } from '../../app/commands/registry.js';
import { COMMANDS as CLI_COMMANDS } from '../../cli/registry.js';

const ROOT = join(import.meta.dirname, '../..');
const DIRS = ['core', 'cli', 'runner', 'app', 'templates'];

function sources(): { path: string; text: string }[] {
  return DIRS.flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|md|yml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') })));
}

interface Mention { readonly where: string; readonly command: string; readonly words: readonly string[] }

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function cliMentions(): Mention[] {
  const out: Mention[] = [];
  for (const { path, text } of sources()) {
    // As a command: in backticks, after "run"/"try"/"e.g.", or opening a line of usage; prose ("migration-copilot has no ...") is not one.
    for (const m of text.matchAll(/(?<=`|\b(?:run|Run|try|Try|e\.g\.|with|then|first:) |^\s*(?:\$ )?|\bnode bin\/)migration-copilot ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/gm)) {
      out.push({ where: `${path}:${lineOf(text, m.index)}`, command: m[0], words: [m[1]!, ...(m[2] ? [m[2]] : [])] });
    }
  }
  return out;
}

function commentMentions(): Mention[] {
  const out: Mention[] = [];
  for (const { path, text } of sources()) {
    // A command is followed by a space or the closing backtick: `/signers/keys` is a JSON pointer, not one.
    for (const m of text.matchAll(/(?:`|\bcomment(?:ing)? )\/([a-z][a-z-]{2,})(?: ([a-z][a-z-]*))?(?=[`\\\s'".,;:)]|$)/g)) {
      out.push({ where: `${path}:${lineOf(text, m.index)}`, command: m[0], words: [m[1]!, ...(m[2] ? [m[2]] : [])] });
    }
  }
  return out;
}

const known = (names: readonly string[], words: readonly string[]) =>
  names.includes(words.join(' ')) || names.includes(words[0]!);

describe('every command a message names exists', () => {
  it('each `migration-copilot <command>` is in cli/registry.ts', () => {
    const names = [...Object.keys(CLI_COMMANDS), 'help'];
    const mentions = cliMentions();
    expect(mentions.length).toBeGreaterThan(5);
    // The detector sees real hints: verify's "sign the plan first: migration-copilot sign".
    expect(mentions.some((m) => m.where.startsWith('cli/commands/verify.ts') && m.words[0] === 'sign')).toBe(true);
    expect(mentions.filter((m) => !known(names, m.words)).map((m) => `${m.where}: ${m.command}`)).toEqual([]);
  });

  it('each comment command (`/plan sign`, "comment /advance") is in the app\'s command registry', () => {
    const names = APP_COMMANDS.map((c) => c.name);
    const mentions = commentMentions();
    // The signed-plan validator's "sign again with `/plan sign`".
    expect(mentions.some((m) => m.where.startsWith('core/validators/signed-plan.ts') && m.words.join(' ') === 'plan sign')).toBe(true);
    expect(mentions.filter((m) => !known(names, m.words)).map((m) => `${m.where}: ${m.command}`)).toEqual([]);
  });
});

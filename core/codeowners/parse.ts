// Parses a CODEOWNERS file as GitHub does. Each line is a pattern followed by owners (@user,
// @org/team, or an email address); a pattern with no owners removes ownership of what it matches;
// the last matching line wins. Lines GitHub would reject (it shows them as errors and skips them) are
// findings with their line number, and are skipped here too.
import type { Finding } from '../schema/finding.js';
import { compilePattern, patternProblem } from './pattern.js';

export type OwnerKind = 'user' | 'team' | 'email';

export interface Owner {
  readonly kind: OwnerKind;
  /** As written, e.g. "@alice", "@acme/data-leads", "dora@example.com". */
  readonly text: string;
  /** user: login; team: "org/team"; email: the address. */
  readonly name: string;
}

export interface CodeownersRule {
  readonly line: number;
  readonly pattern: string;
  /** Empty: the line removes ownership of what it matches. */
  readonly owners: readonly Owner[];
  readonly regex: RegExp;
}

export interface Ownership {
  readonly owners: readonly Owner[];
  /** The line of the rule that decided; undefined when no rule matches. */
  readonly line: number | undefined;
}

export interface Codeowners {
  readonly file: string;
  readonly rules: readonly CodeownersRule[];
  readonly findings: readonly Finding[];
  ownersOf(path: string): Ownership;
}

/** GitHub does not load a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

const USER = /^@([A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}))$/;
const TEAM = /^@([A-Za-z0-9](?:[A-Za-z0-9_-]*))\/([A-Za-z0-9](?:[A-Za-z0-9_.-]*))$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function parseOwner(text: string): Owner | undefined {
  const team = TEAM.exec(text);
  if (team) return { kind: 'team', text, name: `${team[1]}/${team[2]}` };
  const user = USER.exec(text);
  if (user) return { kind: 'user', text, name: user[1]! };
  if (EMAIL.test(text)) return { kind: 'email', text, name: text };
  return undefined;
}

/** Splits a line on unescaped whitespace, stopping at a "#" that starts a word (a comment). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i];
    } else if (c === ' ' || c === '\t') {
      if (cur) out.push(cur);
      cur = '';
    } else if (c === '#' && cur === '') {
      break;
    } else {
      cur += c;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function finding(file: string, line: number, message: string): Finding {
  return { path: file, line, pointer: '', rule: 'codeowners/syntax', severity: 'error', message };
}

function normalisePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\/+/, '');
}

export function parseCodeowners(text: string, file = 'CODEOWNERS'): Codeowners {
  const rules: CodeownersRule[] = [];
  const findings: Finding[] = [];
  if (new TextEncoder().encode(text).length >= CODEOWNERS_MAX_BYTES) {
    findings.push(finding(file, 1, 'the file is 3 MB or larger, so GitHub does not load it; split ownership into fewer, broader patterns'));
  } else {
    text.split('\n').forEach((raw, index) => {
      const lineNo = index + 1;
      const line = raw.replace(/\r$/, '');
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const [pattern, ...ownerTexts] = tokens(trimmed);
      if (pattern === undefined) return;
      const problem = patternProblem(pattern);
      if (problem) {
        findings.push(finding(file, lineNo, `${problem} (pattern ${JSON.stringify(pattern)}); GitHub skips this line`));
        return;
      }
      const owners: Owner[] = [];
      for (const ownerText of ownerTexts) {
        const owner = parseOwner(ownerText);
        if (!owner) {
          findings.push(finding(file, lineNo,
            `${JSON.stringify(ownerText)} is not an owner: write @user, @org/team or an email address; GitHub skips this line`));
          return;
        }
        owners.push(owner);
      }
      rules.push({ line: lineNo, pattern, owners, regex: compilePattern(pattern) });
    });
  }
  return {
    file,
    rules,
    findings,
    ownersOf(path: string): Ownership {
      const p = normalisePath(path);
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i]!;
        if (rule.regex.test(p)) return { owners: rule.owners, line: rule.line };
      }
      return { owners: [], line: undefined };
    },
  };
}

import { describe, expect, it } from 'vitest';
import { CODEOWNERS_MAX_BYTES, parseCodeowners, parseOwner } from '../../core/codeowners/parse.js';
import { CODEOWNERS_LOCATIONS, locateCodeowners } from '../../core/codeowners/locate.js';

const FILE = [
  '# Default owners',                       // 1
  '*       @global-owner1 @acme/everyone',  // 2
  '',                                       // 3
  '*.js    @js-owner #an inline comment',   // 4
  '*.go docs@example.com',                  // 5
  '/build/logs/ @doctocat',                 // 6
  'docs/*  docs@example.com',               // 7
  '/apps/  @octocat',                       // 8
  '/apps/github',                           // 9: no owners: unsets
  '   # indented comment',                  // 10
  '/scripts/ @doctocat @octocat\r',         // 11 (CRLF)
  '!secret @nobody',                        // 12 negation: error
  'src/[ab].ts @x',                         // 13 range: error
  '/lib/ @not_an@owner',                    // 14 bad owner: error
  '\\#notes @a',                            // 15 escaped leading #: error
  '/apps/\\#1 @hash-owner',                 // 16 escaped # inside: fine
].join('\n');

describe('parseCodeowners', () => {
  const co = parseCodeowners(FILE, '.github/CODEOWNERS');

  it('reports malformed lines as findings with their line number and skips them', () => {
    expect(co.findings.map((f) => [f.line, f.rule, f.path])).toEqual([
      [12, 'codeowners/syntax', '.github/CODEOWNERS'],
      [13, 'codeowners/syntax', '.github/CODEOWNERS'],
      [14, 'codeowners/syntax', '.github/CODEOWNERS'],
      [15, 'codeowners/syntax', '.github/CODEOWNERS'],
    ]);
    expect(co.findings[0]!.message).toContain('negation');
    expect(co.findings[2]!.message).toContain('"@not_an@owner" is not an owner');
    expect(co.rules.map((r) => r.line)).toEqual([2, 4, 5, 6, 7, 8, 9, 11, 16]);
  });

  it.each([
    ['README.md', ['@global-owner1', '@acme/everyone'], 2],
    ['src/app.js', ['@js-owner'], 4],
    ['main.go', ['docs@example.com'], 5],
    ['build/logs/today.log', ['@doctocat'], 6],
    ['docs/intro.md', ['docs@example.com'], 7],
    ['docs/deep/intro.md', ['@global-owner1', '@acme/everyone'], 2],
    ['apps/web/index.ts', ['@octocat'], 8],
    ['apps/github/index.ts', [], 9],
    ['apps/github', [], 9],
    ['scripts/run.sh', ['@doctocat', '@octocat'], 11],
    ['scripts/run.js', ['@doctocat', '@octocat'], 11],
    ['apps/#1', ['@hash-owner'], 16],
    ['/README.md', ['@global-owner1', '@acme/everyone'], 2],
    ['./src/x.js', ['@js-owner'], 4],
  ])('ownersOf(%s): last matching pattern wins', (path, owners, line) => {
    const got = co.ownersOf(path);
    expect(got.owners.map((o) => o.text)).toEqual(owners);
    expect(got.line).toBe(line);
  });

  it('owns nothing without a matching rule', () => {
    expect(parseCodeowners('/only/ @a').ownersOf('other/file')).toEqual({ owners: [], line: undefined });
    expect(parseCodeowners('').rules).toEqual([]);
  });

  it('is case-sensitive about paths', () => {
    expect(parseCodeowners('/Docs/ @a').ownersOf('docs/x.md').owners).toEqual([]);
  });

  it('refuses a file of 3 MB or more, as GitHub does', () => {
    const big = `* @a\n${'#'.repeat(CODEOWNERS_MAX_BYTES)}`;
    const parsed = parseCodeowners(big);
    expect(parsed.rules).toEqual([]);
    expect(parsed.findings[0]!.message).toContain('3 MB');
  });
});

describe('parseOwner', () => {
  it.each([
    ['@alice', { kind: 'user', name: 'alice' }],
    ['@Alice-Smith', { kind: 'user', name: 'Alice-Smith' }],
    ['@acme/data-leads', { kind: 'team', name: 'acme/data-leads' }],
    ['@acme/team_x.y', { kind: 'team', name: 'acme/team_x.y' }],
    ['dora@example.com', { kind: 'email', name: 'dora@example.com' }],
    ['alice', undefined],
    ['@', undefined],
    ['@-alice', undefined],
    ['@acme/', undefined],
    ['@a/b/c', undefined],
    ['not-an-email@', undefined],
  ])('%s', (text, expected) => {
    const owner = parseOwner(text);
    if (expected === undefined) expect(owner).toBeUndefined();
    else expect(owner).toMatchObject({ ...expected, text });
  });
});

describe('locateCodeowners', () => {
  it.each([
    [{ '.github/CODEOWNERS': 'a', CODEOWNERS: 'b', 'docs/CODEOWNERS': 'c' }, '.github/CODEOWNERS'],
    [{ CODEOWNERS: 'b', 'docs/CODEOWNERS': 'c' }, 'CODEOWNERS'],
    [{ 'docs/CODEOWNERS': 'c' }, 'docs/CODEOWNERS'],
    [{ '.github/CODEOWNERS': '' }, '.github/CODEOWNERS'],
    [{ '.gitlab/CODEOWNERS': 'x' }, null],
  ])('%j -> %s', async (files, expected) => {
    const asked: string[] = [];
    const located = await locateCodeowners(async (path) => {
      asked.push(path);
      return (files as Record<string, string>)[path] ?? null;
    });
    expect(located?.path ?? null).toBe(expected);
    if (expected) expect(located!.text).toBe((files as Record<string, string>)[expected]);
    expect(asked).toEqual(CODEOWNERS_LOCATIONS.slice(0, expected ? CODEOWNERS_LOCATIONS.indexOf(expected as never) + 1 : 3));
  });

  it('accepts a synchronous reader', async () => {
    expect(await locateCodeowners((p) => (p === 'CODEOWNERS' ? '* @a' : null))).toEqual({ path: 'CODEOWNERS', text: '* @a' });
  });
});

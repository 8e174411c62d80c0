// Pattern semantics as GitHub applies them to CODEOWNERS (gitignore rules with GitHub's exceptions).
// Each row: a pattern, then paths it must own (true) or must not (false).
import { describe, expect, it } from 'vitest';
import { compilePattern, patternProblem } from '../../core/codeowners/pattern.js';

const TABLE: [string, Record<string, boolean>][] = [
  ['foo', { foo: true, 'foo.txt': false, 'foo/bar': true, 'bar/foo': true, 'bar/foo.txt': false, 'bar/foo/baz': true }],
  ['/foo', { foo: true, 'fool.txt': false, 'foo/bar': true, 'bar/foo': false, 'foo/bar/baz': true }],
  ['foo/', { foo: false, 'foo/bar': true, 'foo/bar/baz': true, 'bar/foo': false, 'bar/foo/baz': true }],
  ['/foo/', { foo: false, 'foo/bar': true, 'bar/foo/baz': false }],
  ['foo/bar', { 'foo/bar': true, 'foo/bart': false, 'foo/bar/baz': true, 'baz/foo/bar': false }],
  ['/foo/bar/', { 'foo/bar': false, 'foo/bar/baz': true, 'foo/bar/baz/qux': true, 'baz/foo/bar/qux': false }],
  ['*', { foo: true, 'foo/bar': true, 'bar/foo/baz': true, '.hidden': true }],
  ['f*', { foo: true, 'foo/bar': true, 'bar/foo': true, 'bar/baz': false, xfoo: false }],
  ['/*', { foo: true, bar: true, 'foo/bar': false }],
  ['/f*', { foo: true, 'foo/bar/baz': true, 'bar/foo': false }],
  ['f*/', { foo: false, 'foo/bar': true, 'bar/foo/baz': true, 'bar/baz': false }],
  ['/*/', { foo: false, 'foo/bar': true, 'bar/foo/baz': true }],
  ['*.js', { 'a.js': true, 'src/deep/b.js': true, 'a.jsx': false, 'js/x.ts': false }],
  ['docs/*', { 'docs/a.md': true, 'docs/sub/b.md': false, docs: false, 'x/docs/a.md': false }],
  ['foo/*.txt', { 'foo/bar.txt': true, 'foo/bar/baz.txt': false, 'qux/foo/bar.txt': false }],
  ['foo/*/baz', { 'foo/bar/baz': true, 'foo/bar/baz/qux': true, 'foo/baz': false }],
  ['f?o', { foo: true, fo: false, fooo: false, 'f/o': false }],
  ['f\\?o', { foo: false, 'f?o': true }],
  ['f\\*o', { foo: false, 'f*o': true }],
  ['**/foo/bar', { 'foo/bar': true, 'qux/foo/bar': true, 'qux/foo/bar/baz': true, 'foo/baz/bar': false }],
  ['**/logs', { logs: true, 'build/logs/x': true, 'a/b/logs': true, 'logs.txt': false }],
  ['**/*bar*', { bar: true, 'foo/rebar': true, 'foo/barrio': true, 'foo/qux/bar': true }],
  ['foo/bar/**', { 'foo/bar': false, 'foo/bar/baz': true, 'foo/bar/baz/qux': true, 'qux/foo/bar/baz': false }],
  ['foo/**/bar', { 'foo/bar': true, 'foo/qux/bar/baz': true, 'foo/q/u/bar': true, 'qux/foo/bar': false }],
  ['foo/**/', { foo: false, 'foo/bar': true, 'foo/bar/baz': true }],
  ['foo/**/bar/b*', { 'foo/bar': false, 'foo/bar/baz': true, 'foo/bar/qux': false, 'foo/qux/bar/baz': true }],
  ['**', { a: true, 'a/b/c': true }],
  ['/apps/\\#1', { 'apps/#1': true, 'apps/1': false }],
  ['path\\ with\\ space', { 'path with space': true, 'a/path with space/x': true, path: false }],
  ['a.b', { 'a.b': true, axb: false }],
  ['/', { a: false }],
  ['Docs/', { 'Docs/a': true, 'docs/a': false }],
  ['\\[x\\]', { '[x]': true, x: false }],
];

describe('CODEOWNERS pattern matching', () => {
  for (const [pattern, paths] of TABLE) {
    describe(pattern, () => {
      it.each(Object.entries(paths))('%s -> %s', (path, owned) => {
        expect(patternProblem(pattern)).toBeUndefined();
        expect(compilePattern(pattern).test(path)).toBe(owned);
      });
    });
  }
});

describe('patterns GitHub rejects', () => {
  it.each([
    ['!foo', 'negation'],
    ['foo[ab]', 'character ranges'],
    ['x]', 'character ranges'],
    ['\\#foo', 'leading "#"'],
    ['a/***/b', 'three consecutive asterisks'],
    ['foo\\', 'lone "\\"'],
  ])('%s: %s', (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
  });
});

// parseJson / parseYaml: values, pointer->line maps, and syntax errors as findings (never throws).
import { describe, expect, it } from 'vitest';
import { lineOf, parseJson, parseYaml } from '../../core/schema/index.js';

describe('parseJson', () => {
  const text = '{\n  "a": 1,\n  "b": {\n    "c": [\n      true,\n      {"d~/e": null}\n    ]\n  }\n}\n';
  it.each([
    ['', 1],
    ['/a', 2],
    ['/b', 3],
    ['/b/c', 4],
    ['/b/c/0', 5],
    ['/b/c/1', 6],
    ['/b/c/1/d~0~1e', 6],
  ])('maps %s to line %i', (pointer, line) => {
    const doc = parseJson(text, 'f.json');
    expect(doc.findings).toEqual([]);
    expect(doc.lines.get(pointer)).toBe(line);
  });

  it('returns the value', () => {
    expect(parseJson(text, 'f.json').value).toEqual({ a: 1, b: { c: [true, { 'd~/e': null }] } });
  });

  it('keeps "__proto__" as an own property', () => {
    const v = parseJson('{"__proto__": {"x": 1}}', 'p.json').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it.each([
    ['{\n  "a": 1,\n}', 3, /trailing comma/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, /expected "," or "}"/],
    ['{\n  "a": 1,\n  "a": 2\n}', 3, /duplicate property "a"/],
    ['[1, 2', 1, /end of file/],
    ['', 1, /expected a value/],
    ['{"a": "x\n"}', 1, /control character/],
    ['{"a": 01}', 1, /expected "," or "}"/],
    ['{} {}', 1, /after the end/],
    ['{\n\n  // comment\n}', 3, /property name/],
  ])('reports %j at line %i', (input, line, message) => {
    const doc = parseJson(input, 'bad.json');
    expect(doc.value).toBeUndefined();
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ path: 'bad.json', line, rule: 'parse/json', severity: 'error' });
    expect(doc.findings[0]!.message).toMatch(message);
  });
});

describe('parseYaml', () => {
  const text = 'roles:\n  tech_lead:\n    users:\n      - alice\n      - bob\nflag: yes\nlist: [1, 2]\n';
  it.each([
    ['/roles', 1],
    ['/roles/tech_lead', 2],
    ['/roles/tech_lead/users', 3],
    ['/roles/tech_lead/users/1', 5],
    ['/flag', 6],
    ['/list/1', 7],
  ])('maps %s to line %i', (pointer, line) => {
    expect(parseYaml(text, 'c.yml').lines.get(pointer)).toBe(line);
  });

  it('uses the YAML 1.2 core schema (yes stays a string)', () => {
    expect(parseYaml(text, 'c.yml').value).toEqual({ roles: { tech_lead: { users: ['alice', 'bob'] } }, flag: 'yes', list: [1, 2] });
  });

  it.each([
    ['a: 1\nb: [1,\nc: 2', 3],
    ['a: 1\na: 2\n', 2],
    ['a: 1\n---\nb: 2\n', 2],
    ['a:\n  - 1\n b: 2\n', 3],
    ['? [a]\n: 1\n', 1],
  ])('reports %j as a finding at line %i', (input, line) => {
    const doc = parseYaml(input, 'bad.yml');
    expect(doc.value).toBeUndefined();
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ path: 'bad.yml', line, rule: 'parse/yaml', severity: 'error' });
  });

  it('an empty file is null, not an error', () => {
    expect(parseYaml('', 'e.yml')).toMatchObject({ value: null, findings: [] });
  });
});

describe('lineOf', () => {
  it('falls back to the nearest ancestor', () => {
    const { lines } = parseJson('{\n  "a": {\n    "b": 1\n  }\n}', 'f.json');
    expect(lineOf(lines, '/a/missing/deeper')).toBe(2);
    expect(lineOf(lines, '/zzz')).toBe(1);
  });
});

describe('hostile input', () => {
  it.each([
    ['JSON arrays', () => parseJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.json'), 'parse/json'],
    ['JSON objects', () => parseJson(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`, 'deep.json'), 'parse/json'],
    ['YAML flow sequences', () => parseYaml(`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 'deep.yml'), 'parse/yaml'],
    ['YAML block mappings', () => parseYaml(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 'deep.yml'), 'parse/yaml'],
  ])('deeply nested %s is a finding, not a crash', (_l, parse, rule) => {
    const doc = parse();
    expect(doc.value).toBeUndefined();
    expect(doc.findings[0]).toMatchObject({ rule, severity: 'error' });
  });

  it('YAML aliases cannot expand without bound', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const doc = parseYaml(bomb, 'bomb.yml');
    expect(doc.value).toBeUndefined();
    expect(doc.findings[0]?.rule).toBe('parse/yaml');
  });
});

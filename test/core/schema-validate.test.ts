// validateDocument: every registered schema compiles, and ajv errors become findings that name the
// line and say what to do.
import { describe, expect, it } from 'vitest';
import {
  compileAll, parseJson, parseYaml, schemaId, schemaNames, SCHEMAS, toReadonly, validateDocument,
} from '../../core/schema/index.js';

describe('schema registry', () => {
  it('compiles every registered schema in strict mode', () => {
    expect(() => compileAll()).not.toThrow();
    expect(schemaNames()).toEqual(expect.arrayContaining(['config', 'manual_decisions_required', 'migration_plan', 'policy', 'project', 'schema_mapping']));
  });

  it.each(schemaNames())('%s has the agreed $id and draft', (name) => {
    expect(SCHEMAS[name]!.$id).toBe(schemaId(name));
    expect(SCHEMAS[name]!.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('refuses an unknown schema name', () => {
    expect(() => validateDocument('nope', {}, { file: 'x', lines: new Map() })).toThrow(/no schema named "nope"/);
  });
});

const project = (extra: string) => `{
  "project_id": "demo",
  "archetype_id": "duckdb-duckdb",
  "source": { "engine": "duckdb", "connection": "source" },
  "target": { "engine": "duckdb", "connection": "target" },
  "scope": ["main.*"],
  "state": "CREATED"${extra}
}`;

describe('validateDocument (JSON)', () => {
  it('passes a valid document', () => {
    const doc = parseJson(project(''), 'project.json');
    expect(validateDocument('project', doc.value, doc)).toEqual([]);
  });

  it.each([
    ['unknown property', project(',\n  "colour": "red"'), 8, '/colour', 'schema/additionalProperties',
      'unknown property "colour"; remove it or check its spelling'],
    ['misspelt property', project(',\n  "nmae": "x"'), 8, '/nmae', 'schema/additionalProperties',
      'unknown property "nmae" (did you mean "name"?); remove it or check its spelling'],
    ['bad enum', project('').replace('"CREATED"', '"STARTED"'), 7, '/state', 'schema/enum', /\/state is "STARTED"; it must be one of "CREATED"/],
    ['bad pattern', project('').replace('"demo"', '"Demo!"'), 2, '/project_id', 'schema/pattern', /\/project_id is "Demo!", which does not match .*\(lowercase letters/],
    ['wrong type', project('').replace('["main.*"]', '"main.*"'), 6, '/scope', 'schema/type', '/scope must be array, not a string; change its value'],
    ['empty array', project('').replace('["main.*"]', '[]'), 6, '/scope', 'schema/minItems', '/scope must have at least 1 items'],
    ['nested enum', project('').replace('"engine": "duckdb", "connection": "source"', '"engine": "oracle", "connection": "source"'), 4,
      '/source/engine', 'schema/enum', /oracle/],
    ['missing property', project('').replace('  "state": "CREATED"', '  "name": "x"'), 1, '', 'schema/required',
      'missing required property "state"; add it'],
  ])('%s', (_label, text, line, pointer, rule, message) => {
    const doc = parseJson(text, 'project.json');
    const findings = validateDocument('project', doc.value, doc);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: 'project.json', line, pointer, rule, severity: 'error' });
    if (typeof message === 'string') expect(findings[0]!.message).toBe(message);
    else expect(findings[0]!.message).toMatch(message);
  });
});

const config = `roles:
  tech_lead: { users: [alice], teams: [acme/data-leads] }
signers:
  keys: []
artifact_store: { kind: filesystem, path: artifacts }
connections:
  source: { engine: duckdb, url: "env:SOURCE_URL" }
default_branch: main
`;

describe('validateDocument (YAML)', () => {
  it('passes a valid config', () => {
    const doc = parseYaml(config, 'config.yml');
    expect(validateDocument('config', doc.value, doc)).toEqual([]);
  });

  it.each([
    ['role name', config.replace('tech_lead:', 'TechLead:'), [[2, '/roles/TechLead', 'schema/pattern', /property name "TechLead" at \/roles does not match/]]],
    ['discriminated store', config.replace('{ kind: filesystem, path: artifacts }', '{ kind: s3 }'),
      [[5, '/artifact_store', 'schema/required', 'missing required property "bucket" at /artifact_store; add it']]],
    ['unknown store kind', config.replace('kind: filesystem', 'kind: ftp'),
      [[5, '/artifact_store/kind', 'schema/discriminator', /is "ftp", which is not a known kind/]]],
    ['unknown nested property', config.replace('users: [alice]', 'userz: [alice]'),
      [[2, '/roles/tech_lead/userz', 'schema/additionalProperties', 'unknown property "userz" at /roles/tech_lead (did you mean "users"?); remove it or check its spelling']]],
  ])('%s', (_label, text, expected) => {
    const doc = parseYaml(text, 'config.yml');
    const findings = validateDocument('config', doc.value, doc);
    expect(findings.map((f) => [f.line, f.pointer, f.rule])).toEqual(expected.map(([l, p, r]) => [l, p, r]));
    expected.forEach(([, , , m], i) => {
      if (typeof m === 'string') expect(findings[i]!.message).toBe(m);
      else expect(findings[i]!.message).toMatch(m as RegExp);
    });
  });

  it.each([
    'postgres://admin:hunter2@db.internal:5432/prod',
    'mysql://root:s3cret@10.0.0.1/app',
  ])('never repeats a literal connection string (%s)', (secret) => {
    const doc = parseYaml(config.replace('"env:SOURCE_URL"', JSON.stringify(secret)), 'config.yml');
    const findings = validateDocument('config', doc.value, doc);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(7);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
    expect(JSON.stringify(findings)).not.toContain('s3cret');
    expect(findings[0]!.message).toContain('<redacted');
  });
});

describe('toReadonly', () => {
  it('deep-freezes', () => {
    const v = toReadonly({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.a.b)).toBe(true);
    expect(Object.isFrozen(v.a.b[1])).toBe(true);
    expect(() => { (v.a as { b: unknown }).b = 3; }).toThrow(TypeError);
  });
});

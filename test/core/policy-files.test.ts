// Every file shipped in policies/ validates against its schema (hashing_spec.json included when present).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, schemaNames, validateDocument } from '../../core/schema/index.js';
import { ARCHETYPES, DEFAULT_RULEBOOK } from '../../core/policy/index.js';

const root = join(import.meta.dirname, '..', '..');

function policyFiles(): [string, string][] {
  const files: [string, string][] = [
    ['policies/policy.json', 'policy'],
    ['policies/type_coercion_rulebook.json', 'type_coercion_rulebook'],
  ];
  if (existsSync(join(root, 'policies/hashing_spec.json')) && schemaNames().includes('hashing_spec')) {
    files.push(['policies/hashing_spec.json', 'hashing_spec']);
  }
  for (const f of readdirSync(join(root, 'policies/archetypes')).filter((n) => n.endsWith('.json')).sort()) {
    files.push([`policies/archetypes/${f}`, 'archetype']);
  }
  return files;
}

describe('policies/', () => {
  it.each(policyFiles())('%s validates against %s', (file, schema) => {
    const doc = parseJson(readFileSync(join(root, file), 'utf8'), file);
    expect(doc.findings).toEqual([]);
    expect(validateDocument(schema, doc.value, doc)).toEqual([]);
  });

  it('has no other JSON file without a schema', () => {
    const known = new Set(policyFiles().map(([f]) => f));
    const all = [
      ...readdirSync(join(root, 'policies')).filter((n) => n.endsWith('.json')).map((n) => `policies/${n}`),
      ...readdirSync(join(root, 'policies/archetypes')).filter((n) => n.endsWith('.json')).map((n) => `policies/archetypes/${n}`),
    ];
    expect(all.filter((f) => !known.has(f) && f !== 'policies/hashing_spec.json')).toEqual([]);
  });

  it.each(['postgres-snowflake', 'postgres-duckdb', 'mysql-postgres', 'hive-snowflake', 'redshift-snowflake', 'duckdb-duckdb'])(
    'archetype %s is named by its file and its rulebook direction has entries', (id) => {
      const a = ARCHETYPES[id];
      expect(a?.archetype_id).toBe(id);
      expect(`${a!.source.engine}-${a!.target.engine}`).toBe(id);
      const entries = DEFAULT_RULEBOOK.entries.filter((e) => e.from.engine === a!.rulebook.from && e.to.engine === a!.rulebook.to);
      expect(entries.length).toBeGreaterThan(10);
    });

  it('rulebook entry ids are unique', () => {
    const ids = DEFAULT_RULEBOOK.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['postgres', 'snowflake'], ['postgres', 'duckdb'], ['mysql', 'postgres'], ['hive', 'snowflake'],
    ['redshift', 'snowflake'], ['duckdb', 'duckdb'], ['snowflake', 'postgres'], ['duckdb', 'postgres'], ['postgres', 'mysql'],
  ])('rulebook covers %s -> %s', (from, to) => {
    expect(DEFAULT_RULEBOOK.entries.some((e) => e.from.engine === from && e.to.engine === to)).toBe(true);
  });
});

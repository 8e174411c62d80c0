// The RewriteAgent's models as a dbt project, beside the plain SQL the plan runs (models/<schema>/<view>.sql):
// models/dbt/ holds dbt_project.yml, a generate_schema_name macro (a model's schema is its view's schema, not
// dbt's `<target>_<custom>`), models/sources.yml (the migrated tables the views read, with the schema tests
// their keys call for: not_null on every key column, unique on a single-column key), one model per view (the
// same SELECT, with its sources and the views it reads as `-- depends_on:` hints, so dbt orders and documents
// them without the SQL being rewritten) and models/schema.yml (each model's columns, from the catalog).
// A team that runs dbt takes it as it is; one that does not ignores the folder.
import { stringify } from 'yaml';
import { parseTable } from '../../../core/plan/tables.js';
import type { SchemaMapping } from '../../../core/types/generated.js';
import type { ProposedFile } from '../types.js';
import type { RewrittenModel } from './index.js';

export const DBT_DIR = 'models/dbt';
const PROJECT = 'migration_models';

/** schema and name of `schema.name` (a name without a schema is in `main`, DuckDB's default). */
const split = (qualifiedName: string) => {
  const t = parseTable(qualifiedName);
  return { schema: t.schema ?? 'main', name: t.name };
};

/** dbt's model name of a view (schema__view, letters, digits and _): unique across schemas. */
export function dbtModelName(qualifiedName: string): string {
  const { schema, name } = split(qualifiedName);
  return [schema, name].map((p) => p.replace(/[^A-Za-z0-9_]/g, '_')).join('__').toLowerCase();
}

const jinjaString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function dbtProject(models: readonly RewrittenModel[], mapping: SchemaMapping, views: ReadonlyMap<string, { readonly columns: readonly { readonly name: string }[] }>, sourceEngine: string, targetEngine: string): ProposedFile[] {
  if (models.length === 0) return [];
  const viewNames = new Set(models.map((m) => m.source));
  const tables = new Map(mapping.tables.map((t) => [t.source, t]));
  // The migrated tables the models read, by target schema.
  const read = new Map<string, Map<string, readonly string[]>>();
  for (const m of models) {
    for (const r of m.reads) {
      const t = tables.get(r);
      if (viewNames.has(r) || !t) continue;
      const { schema, name } = split(t.target);
      if (!read.has(schema)) read.set(schema, new Map());
      read.get(schema)!.set(name, t.key_columns ?? []);
    }
  }
  const sources = {
    version: 2,
    sources: [...read.keys()].sort().map((schema) => ({
      name: schema, schema, description: `tables migrated from ${sourceEngine} by the plan's copy steps`,
      tables: [...read.get(schema)!.keys()].sort().map((name) => {
        const keys = read.get(schema)!.get(name)!;
        return {
          name,
          ...(keys.length > 0 ? { columns: keys.map((k) => ({ name: k, data_tests: keys.length === 1 ? ['not_null', 'unique'] : ['not_null'] })) } : {}),
        };
      }),
    })),
  };
  const schemaYml = {
    version: 2,
    models: models.map((m) => ({
      name: dbtModelName(m.source),
      description: `${m.source} from ${sourceEngine}, translated to ${targetEngine} by RewriteAgent (the plan runs the same SELECT as ${m.path})`,
      columns: (views.get(m.source)?.columns ?? []).map((c) => ({ name: c.name })),
    })),
  };
  const modelFiles = models.map((m): ProposedFile => {
    const { schema, name } = split(m.target);
    const hints = m.reads.map((r) => {
      if (viewNames.has(r)) return `-- depends_on: {{ ref(${jinjaString(dbtModelName(r))}) }}`;
      const t = tables.get(r);
      if (!t) return undefined;
      const target = split(t.target);
      return `-- depends_on: {{ source(${jinjaString(target.schema)}, ${jinjaString(target.name)}) }}`;
    }).filter((h): h is string => h !== undefined);
    return {
      path: `${DBT_DIR}/models/${schema}/${dbtModelName(m.source)}.sql`,
      content: `{{ config(materialized='view', schema=${jinjaString(schema)}, alias=${jinjaString(name)}) }}\n${hints.join('\n')}${hints.length > 0 ? '\n' : ''}${m.select}\n`,
    };
  });
  return [
    { path: `${DBT_DIR}/dbt_project.yml`, content: stringify({ name: PROJECT, version: '1.0.0', 'config-version': 2, profile: PROJECT, 'model-paths': ['models'], 'macro-paths': ['macros'], models: { [PROJECT]: { '+materialized': 'view' } } }) },
    { path: `${DBT_DIR}/macros/generate_schema_name.sql`, content: '{% macro generate_schema_name(custom_schema_name, node) -%}\n  {{ custom_schema_name if custom_schema_name is not none else target.schema }}\n{%- endmacro %}\n' },
    { path: `${DBT_DIR}/models/sources.yml`, content: stringify(sources) },
    { path: `${DBT_DIR}/models/schema.yml`, content: stringify(schemaYml) },
    ...modelFiles,
  ];
}

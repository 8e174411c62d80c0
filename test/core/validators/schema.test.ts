import { describe, it } from 'vitest';
import { schemaValidator } from '../../../core/validators/index.js';
import { check, type Case } from './cases.js';

const P = 'plans/migration_plan.json';
const M = 'contracts/schema_mapping.yml';
const C = '.migration/config.yml';

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'a JSON syntax error', edits: [[P, '"version": 1,', '"version": 1,,']], expect: [[P, '"version": 1,,', 'parse/json', 'error', /invalid JSON at line 3/]] },
  { name: 'a YAML syntax error', edits: [[M, 'key_columns: [order_id]', 'key_columns: [order_id']], expect: [[M, '    columns:#2', 'parse/yaml']] },
  { name: 'an unknown property', edits: [[P, '"mode": "merge", "depends_on": ["create-customers"]', '"mode": "merge", "colour": "red", "depends_on": ["create-customers"]']],
    expect: [[P, '"colour"', 'schema/additionalProperties', 'error', /unknown property "colour" at \/steps\/2/]] },
  { name: 'a copy step without key columns', edits: [[P, '"key_columns": ["customer_id"], "mode": "merge",', '"mode": "merge",']],
    expect: [[P, '=    {', 'schema/required', 'error', /missing required property "key_columns" at \/steps\/2/]] },
  { name: 'a discovery report with a bad value', edits: [['discovery/discovery_report.json', '"row_count_estimate": 1000', '"row_count_estimate": -1']], expect: [['discovery/discovery_report.json', '"row_count_estimate": -1', 'schema/minimum']] },
  { name: 'missing project.json and config', extra: { 'project.json': undefined, [C]: undefined },
    expect: [['project.json', '', 'schema/missing-file'], [C, '', 'schema/missing-file']] },
  { name: 'a drafted plan state needs the plan and mapping', extra: { [P]: undefined, [M]: undefined },
    expect: [[P, '', 'schema/missing-file', 'error', /state PLAN_DRAFTED/], [M, '', 'schema/missing-file']] },
  { name: 'an early state does not', edits: [['project.json', '"state": "PLAN_DRAFTED"', '"state": "DISCOVERED"']], extra: { [P]: undefined, [M]: undefined }, expect: [] },
  { name: 'an execution report that breaks its schema', extra: { 'runs/v1/execution_report.json': '{\n  "project_id": "demo-orders",\n  "status": "done"\n}\n' },
    expect: [...Array.from({ length: 8 }, () => ['runs/v1/execution_report.json', '', 'schema/required'] as const), ['runs/v1/execution_report.json', '"status"', 'schema/enum']] },
  { name: 'a file no schema covers', extra: { 'discovery/notes.json': '{}' }, expect: [['discovery/notes.json', '', 'schema/unknown-file', 'warning']] },
  { name: 'plan and project disagree on the project id', edits: [[P, '"project_id": "demo-orders"', '"project_id": "other"']], expect: [[P, '"project_id"', 'schema/consistency', 'error', /"other" but project\.json says "demo-orders"/]] },
  { name: 'plan and project disagree on an engine', edits: [[P, '"target": { "engine": "duckdb"', '"target": { "engine": "postgres"']], expect: [[P, '"target"', 'schema/consistency'], [M, 'target_engine', 'schema/consistency']] },
  { name: 'mapping and plan disagree on an engine', edits: [[M, 'target_engine: duckdb', 'target_engine: snowflake']], expect: [[M, 'target_engine', 'schema/consistency']] },
  { name: 'a connection the config does not define', edits: [[C, '  target: { engine: duckdb, url: "env:TARGET_URL" }\n', '']], expect: [['project.json', '"target"', 'schema/consistency', 'error', /connection "target" is not defined/]] },
  { name: 'a connection with another engine', edits: [[C, 'target: { engine: duckdb', 'target: { engine: postgres']], expect: [[C, 'target: { engine: postgres', 'schema/consistency']] },
  { name: 'an invalid repository policy', extra: { '.migration/policy.json': '{ "policy_id": "x" }' },
    expect: [['.migration/policy.json', '', 'schema/required'], ['.migration/policy.json', '', 'schema/required'], ['.migration/policy.json', '', 'schema/required'],
      ['.migration/policy.json', '', 'schema/required'], ['.migration/policy.json', '', 'schema/required'], ['.migration/policy.json', '', 'schema/required'], ['.migration/policy.json', '', 'schema/required']] },
];

describe('SchemaValidator', () => {
  it.each(cases)('$name', (c) => check(schemaValidator, c));
});

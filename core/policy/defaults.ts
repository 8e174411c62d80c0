// The default rulebooks shipped in policies/, imported as data (core reads no files). A repository
// overrides the policy with .migration/policy.json; the rulebook and archetypes are the project's.
import policyJson from '../../policies/policy.json' with { type: 'json' };
import rulebookJson from '../../policies/type_coercion_rulebook.json' with { type: 'json' };
import duckdbDuckdb from '../../policies/archetypes/duckdb-duckdb.json' with { type: 'json' };
import hiveSnowflake from '../../policies/archetypes/hive-snowflake.json' with { type: 'json' };
import mysqlPostgres from '../../policies/archetypes/mysql-postgres.json' with { type: 'json' };
import postgresDuckdb from '../../policies/archetypes/postgres-duckdb.json' with { type: 'json' };
import postgresPostgres from '../../policies/archetypes/postgres-postgres.json' with { type: 'json' };
import postgresSnowflake from '../../policies/archetypes/postgres-snowflake.json' with { type: 'json' };
import redshiftSnowflake from '../../policies/archetypes/redshift-snowflake.json' with { type: 'json' };
import { toReadonly, type DeepReadonly } from '../schema/readonly.js';
import type { Archetype, Policy, TypeCoercionRulebook } from '../types/generated.js';

export type ReadonlyPolicy = DeepReadonly<Policy>;
export type ReadonlyRulebook = DeepReadonly<TypeCoercionRulebook>;
export type ReadonlyArchetype = DeepReadonly<Archetype>;

/** policies/policy.json: in force when a repository has no .migration/policy.json. */
export const DEFAULT_POLICY: ReadonlyPolicy = toReadonly(structuredClone(policyJson) as Policy);

/** policies/type_coercion_rulebook.json. */
export const DEFAULT_RULEBOOK: ReadonlyRulebook = toReadonly(structuredClone(rulebookJson) as TypeCoercionRulebook);

/** policies/archetypes/<id>.json, by archetype_id. */
export const ARCHETYPES: Readonly<Record<string, ReadonlyArchetype>> = toReadonly(Object.fromEntries(
  [duckdbDuckdb, hiveSnowflake, mysqlPostgres, postgresDuckdb, postgresPostgres, postgresSnowflake, redshiftSnowflake]
    .map((a) => [a.archetype_id, structuredClone(a) as Archetype]),
));

/** Where each default lives, for findings that point at it. */
export const DEFAULT_POLICY_PATH = 'policies/policy.json';
export const DEFAULT_RULEBOOK_PATH = 'policies/type_coercion_rulebook.json';

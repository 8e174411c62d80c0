// The rulebook applied to type pairs: aliases, parameters, bounds, first match wins, casts.
import { describe, expect, it } from 'vitest';
import { coercionsFrom, DEFAULT_RULEBOOK, lookupCoercion, parseSqlType, sameCast } from '../../core/policy/index.js';

describe('parseSqlType', () => {
  it.each([
    ['postgres', 'NUMERIC(12, 2)', 'numeric(12,2)'],
    ['postgres', 'character  varying(50)', 'varchar(50)'],
    ['postgres', 'timestamp(3) WITH time zone', 'timestamp(3) with time zone'],
    ['postgres', 'timestamptz', 'timestamp with time zone'],
    ['postgres', 'int4[]', 'integer[]'],
    ['mysql', 'INT(11) UNSIGNED', 'int unsigned'],
    ['mysql', 'tinyint(1)', 'tinyint(1)'],
    ['mysql', 'bool', 'tinyint(1)'],
    ['snowflake', 'NUMBER', 'number(38,0)'],
    ['snowflake', 'VARCHAR', 'varchar(16777216)'],
    ['hive', 'ARRAY<STRING>', 'array<string>'],
  ])('%s %s -> %s', (engine, text, normal) => {
    const aliases = DEFAULT_RULEBOOK.aliases?.[engine] as Record<string, string> | undefined;
    expect(parseSqlType(engine, text, aliases).text).toBe(normal);
  });
});

describe('lookupCoercion', () => {
  it.each([
    ['postgres', 'NUMERIC(12,2)', 'snowflake', 'NUMBER(12,2)', 'pg-sf.numeric', 'safe', undefined],
    ['postgres', 'numeric(40,2)', 'snowflake', 'number(38,2)', 'pg-sf.numeric.2', 'lossy', undefined],
    ['postgres', 'numeric', 'snowflake', 'number(38,4)', 'pg-sf.numeric.3', 'lossy', 'CAST({col} AS NUMBER(38,4))'],
    ['postgres', 'int4', 'snowflake', 'INTEGER', 'pg-sf.integer', 'safe', undefined],
    ['postgres', 'varchar(50)', 'snowflake', 'varchar(60)', 'pg-sf.varchar', 'safe', undefined],
    ['postgres', 'varchar(50)', 'snowflake', 'varchar(40)', 'pg-sf.varchar.2', 'lossy', undefined],
    ['postgres', 'integer[]', 'duckdb', 'INTEGER[]', 'pg-duck.array', 'safe', undefined],
    ['postgres', 'uuid', 'snowflake', 'varchar(36)', 'pg-sf.uuid', 'safe', 'CAST({col} AS TEXT)'],
    ['mysql', 'int(11) unsigned', 'postgres', 'bigint', 'my-pg.int_unsigned', 'safe', undefined],
    ['mysql', 'int(10) unsigned', 'postgres', 'integer', 'my-pg.int_unsigned.2', 'forbidden', undefined],
    ['mariadb', 'tinyint(1)', 'postgres', 'boolean', 'my-pg.tinyint-1', 'lossy', '{col} <> 0'],
    ['hive', 'array<string>', 'snowflake', 'ARRAY', 'hive-sf.array', 'lossy', undefined],
    ['redshift', 'VARCHAR(100)', 'snowflake', 'VARCHAR(100)', 'rs-sf.varchar', 'safe', undefined],
    ['duckdb', 'DECIMAL(12,2)', 'duckdb', 'DECIMAL(18,2)', 'duck-duck.decimal', 'safe', undefined],
    ['duckdb', 'DECIMAL(12,2)', 'duckdb', 'DECIMAL(18,3)', 'duck-duck.decimal.2', 'lossy', undefined],
    ['duckdb', 'VARCHAR', 'duckdb', 'DATE', 'duck-duck.varchar.3', 'forbidden', undefined],
    ['snowflake', 'NUMBER(10,0)', 'postgres', 'bigint', 'sf-pg.number-p-0', 'safe', undefined],
  ])('%s %s -> %s %s', (fe, ft, te, tt, id, verdict, cast) => {
    const c = lookupCoercion(DEFAULT_RULEBOOK, { engine: fe, type: ft }, { engine: te, type: tt });
    expect(c?.entry.id).toBe(id);
    expect(c?.entry.verdict).toBe(verdict);
    expect(c?.cast).toBe(cast);
  });

  it.each([
    ['postgres', 'boolean', 'snowflake', 'BOOLEAN', 'safe'],
    ['postgres', 'date', 'snowflake', 'DATE', 'safe'],
    ['postgres', 'timestamp', 'snowflake', 'TIMESTAMP_NTZ', 'safe'],
    ['postgres', 'timestamptz', 'snowflake', 'TIMESTAMP_NTZ', 'lossy'],
    ['postgres', 'interval', 'snowflake', 'VARCHAR(64)', 'lossy'],
    ['postgres', 'jsonb', 'snowflake', 'VARIANT', 'safe'],
    ['postgres', 'uuid', 'duckdb', 'UUID', 'safe'],
    ['postgres', 'bytea', 'snowflake', 'BINARY', 'safe'],
    ['postgres', 'enum', 'duckdb', 'VARCHAR', 'safe'],
    ['postgres', 'text[]', 'snowflake', 'ARRAY', 'lossy'],
    ['postgres', 'char(10)', 'duckdb', 'VARCHAR', 'lossy'],
    ['mysql', 'datetime(3)', 'postgres', 'timestamp(6)', 'safe'],
    ['mysql', 'time', 'postgres', 'interval', 'safe'],
    ['mysql', 'json', 'postgres', 'jsonb', 'safe'],
    ['mysql', 'longblob', 'postgres', 'bytea', 'safe'],
    ['mysql', 'bigint unsigned', 'postgres', 'numeric(20,0)', 'safe'],
    ['hive', 'string', 'snowflake', 'STRING', 'safe'],
    ['hive', 'decimal(18,4)', 'snowflake', 'NUMBER(18,4)', 'safe'],
    ['redshift', 'super', 'snowflake', 'VARIANT', 'safe'],
    ['redshift', 'timestamptz', 'snowflake', 'TIMESTAMP_TZ', 'safe'],
    ['snowflake', 'VARIANT', 'postgres', 'jsonb', 'safe'],
    ['snowflake', 'TIMESTAMP_NTZ', 'postgres', 'timestamp', 'lossy'],
    ['duckdb', 'HUGEINT', 'postgres', 'numeric(39,0)', 'safe'],
    ['duckdb', 'INTEGER[]', 'postgres', 'integer[]', 'safe'],
    ['postgres', 'timestamptz', 'mysql', 'datetime(6)', 'lossy'],
    ['postgres', 'boolean', 'mysql', 'bool', 'safe'],
  ])('covers %s %s -> %s %s (%s)', (fe, ft, te, tt, verdict) => {
    expect(lookupCoercion(DEFAULT_RULEBOOK, { engine: fe, type: ft }, { engine: te, type: tt })?.entry.verdict).toBe(verdict);
  });

  it('lists the entries a source type may choose from, in rulebook order', () => {
    expect(coercionsFrom(DEFAULT_RULEBOOK, { engine: 'postgres', type: 'numeric(12,2)' }, 'snowflake').map((e) => e.id))
      .toEqual(['pg-sf.numeric', 'pg-sf.numeric.2']);
  });

  it.each([
    ['duckdb', 'VARCHAR', 'duckdb', 'INTEGER'],
    ['postgres', 'integer', 'snowflake', 'varchar(10)'],
    ['postgres', 'integer[]', 'duckdb', 'bigint[]'],
    ['oracle', 'number', 'postgres', 'numeric'],
  ])('has no rule for %s %s -> %s %s', (fe, ft, te, tt) => {
    expect(lookupCoercion(DEFAULT_RULEBOOK, { engine: fe, type: ft }, { engine: te, type: tt })).toBeUndefined();
  });

  it('compares casts without regard to case or spacing', () => {
    expect(sameCast('CAST({col} AS NUMBER(38, 4))', 'cast( {col} as number(38,4) )')).toBe(true);
    expect(sameCast('CAST({col} AS NUMBER(38,4))', 'CAST({col} AS NUMBER(38,2))')).toBe(false);
  });
});

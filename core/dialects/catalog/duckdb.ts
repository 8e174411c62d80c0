// Catalog and profiling SQL for DuckDB (pure), through its duckdb_* table functions. Lists come back as
// JSON text (to_json), as the other engines' catalogs do. DuckDB prints a column of a named enum as
// ENUM('a', 'b'): the named type is found by its labels. It keeps no view dependencies and no generated
// flag in its catalog: a view depends on the relations its SQL names (schema.name, quoted or not), and
// a column is generated when its table's CREATE statement says GENERATED ALWAYS AS (its expression is
// then what duckdb_columns reports as the default). DuckDB has no domains and no partitioned tables.
import { duckdb } from '../duckdb.js';
import type { CatalogQueries } from './types.js';

const USER = "NOT internal AND database_name = current_database() AND schema_name NOT IN ('information_schema', 'pg_catalog')";
const lit = (s: string) => duckdb.stringLiteral(s);
/** The ENUM(...) text DuckDB prints for an enum type's labels. */
const ENUM_TEXT = "'ENUM(' || array_to_string(list_transform(ty.labels, x -> '''' || replace(x, '''', '''''') || ''''), ', ') || ')'";
/** A column definition in a CREATE TABLE text, generated. */
const GENERATED = `regexp_matches(t.sql, '[(,]\\s*"?' || c.column_name || '"?\\s+[A-Za-z0-9_]+(\\([0-9, ]*\\))?\\s+GENERATED ALWAYS AS')`;

export const duckdbCatalog: CatalogQueries = {
  version: "SELECT 'DuckDB ' || version() AS version",
  schemas: `SELECT DISTINCT schema_name FROM duckdb_schemas() WHERE ${USER} ORDER BY 1`,
  relations: `SELECT schema_name, table_name AS name, 'table' AS kind, CAST(estimated_size AS VARCHAR) AS row_estimate, NULL AS bytes_estimate,
      comment, NULL AS view_sql, NULL AS partition_key, NULL AS partition_of, NULL AS partition_bound
    FROM duckdb_tables() WHERE ${USER} AND NOT temporary
    UNION ALL
    SELECT schema_name, view_name, 'view', NULL, NULL, comment,
      regexp_replace(regexp_replace(sql, '(?s)^CREATE\\s+(OR\\s+REPLACE\\s+)?VIEW\\s+.*?\\s+AS\\s+', ''), ';\\s*$', ''), NULL, NULL, NULL
    FROM duckdb_views() WHERE ${USER} AND NOT temporary ORDER BY 1, 2`,
  columns: `SELECT c.schema_name, c.table_name, c.column_name, CAST(c.column_index AS VARCHAR) AS ordinal, c.data_type,
      CASE WHEN c.is_nullable THEN 'true' ELSE 'false' END AS nullable,
      CASE WHEN t.sql IS NOT NULL AND ${GENERATED} THEN NULL ELSE c.column_default END AS default_expr,
      CASE WHEN t.sql IS NOT NULL AND ${GENERATED} THEN c.column_default END AS generated_expr,
      CASE WHEN t.sql IS NOT NULL AND ${GENERATED} THEN 'virtual' END AS generated_kind,
      CASE WHEN c.column_default LIKE 'nextval(%' THEN 'true' ELSE 'false' END AS is_identity,
      CASE WHEN c.data_type LIKE 'ENUM(%' THEN 'enum' WHEN c.data_type LIKE '%[]' OR regexp_matches(c.data_type, '\\[[0-9]+\\]$') THEN 'array'
        WHEN c.data_type LIKE 'STRUCT(%' THEN 'composite' WHEN c.data_type LIKE 'MAP(%' OR c.data_type LIKE 'UNION(%' THEN 'other' ELSE 'base' END AS type_kind,
      (SELECT min(ty.schema_name || '.' || ty.type_name) FROM duckdb_types() ty WHERE ty.logical_type = 'ENUM' AND NOT ty.internal AND ${ENUM_TEXT} = c.data_type) AS type_name,
      CASE WHEN c.data_type LIKE '%[]' THEN regexp_replace(c.data_type, '\\[\\]$', '') WHEN regexp_matches(c.data_type, '\\[[0-9]+\\]$') THEN regexp_replace(c.data_type, '\\[[0-9]+\\]$', '') END AS element_type,
      NULL AS domain_base,
      CASE WHEN c.data_type LIKE 'ENUM(%' THEN substr(c.data_type, 6, length(c.data_type) - 6) END AS enum_values,
      c.comment
    FROM duckdb_columns() c LEFT JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
    WHERE NOT c.internal AND c.database_name = current_database() AND c.schema_name NOT IN ('information_schema', 'pg_catalog') ORDER BY 1, 2, c.column_index`,
  constraints: `SELECT schema_name, table_name, constraint_name AS name,
      CASE constraint_type WHEN 'PRIMARY KEY' THEN 'primary' WHEN 'UNIQUE' THEN 'unique' WHEN 'FOREIGN KEY' THEN 'foreign' ELSE 'check' END AS kind,
      CAST(to_json(constraint_column_names) AS VARCHAR) AS columns,
      CASE WHEN constraint_type = 'FOREIGN KEY' THEN coalesce(nullif(regexp_extract(constraint_text, 'REFERENCES\\s+"?([A-Za-z0-9_]+)"?\\.', 1), ''), schema_name) END AS ref_schema,
      CASE WHEN constraint_type = 'FOREIGN KEY' THEN referenced_table END AS ref_table,
      CASE WHEN constraint_type = 'FOREIGN KEY' THEN CAST(to_json(referenced_column_names) AS VARCHAR) END AS ref_columns,
      CASE WHEN constraint_type = 'CHECK' THEN constraint_text END AS definition
    FROM duckdb_constraints() WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK') ORDER BY 1, 2, 3`,
  enums: `SELECT schema_name, type_name AS name, CAST(to_json(labels) AS VARCHAR) AS labels FROM duckdb_types()
    WHERE logical_type = 'ENUM' AND NOT internal AND database_name = current_database() ORDER BY 1, 2`,
  domains: 'SELECT NULL AS schema_name, NULL AS name, NULL AS base_type, NULL AS not_null, NULL AS checks WHERE false',
  viewDependencies: `SELECT v.schema_name, v.view_name AS name, r.schema_name AS ref_schema, r.name AS ref_name
    FROM duckdb_views() v JOIN (SELECT schema_name, table_name AS name FROM duckdb_tables() WHERE ${USER}
      UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE ${USER}) r
      ON regexp_matches(v.sql, '(^|[^A-Za-z0-9_."])"?' || r.schema_name || '"?\\."?' || r.name || '"?($|[^A-Za-z0-9_"])')
    WHERE NOT v.internal AND v.database_name = current_database() AND NOT (r.schema_name = v.schema_name AND r.name = v.view_name) ORDER BY 1, 2, 3, 4`,
  notVisible: `SELECT 'macros (bodies not read)' AS what, CAST(count(*) AS VARCHAR) AS n FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro')
    UNION ALL SELECT 'sequences (not read)', CAST(count(*) AS VARCHAR) FROM duckdb_sequences() WHERE NOT temporary`,
  profile: {
    quoteTable: (schema, name) => duckdb.quoteTable({ schema, name }),
    quoteIdent: (name) => duckdb.quoteIdent(name),
    text: (expr) => `CAST(${expr} AS VARCHAR)`,
    length: (textExpr) => `length(${textExpr})`,
    matches: (textExpr, regex) => `regexp_matches(${textExpr}, ${lit(regex)})`,
    scale: (textExpr) => `CASE WHEN strpos(${textExpr}, '.') > 0 THEN length(rtrim(split_part(${textExpr}, '.', 2), '0')) ELSE 0 END`,
    integerDigits: (textExpr) => `length(split_part(ltrim(${textExpr}, '-'), '.', 1))`,
    sampleWhere: (keyTextExpr, rate) => `(hash(${keyTextExpr}) % 4294967296) < ${Math.floor(rate * 2 ** 32)}`,
  },
};

// Catalog and profiling SQL for MySQL and MariaDB (pure), through information_schema. The schema is
// the database; system databases are left out. MySQL has no domains, user-defined enums or arrays:
// an ENUM or SET column carries its labels in its column type. JSON lists are built with
// GROUP_CONCAT of JSON_QUOTE, so every list comes back as JSON text as the other engines' catalogs do.
import { mysql } from '../mysql.js';
import type { CatalogQueries } from './types.js';

const SYSTEM = "NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";

/**
 * The catalog queries, reading only `schemas` when given (the databases a scope names; a MySQL server holds
 * many databases, and information_schema would otherwise be read for all of them) or every user database.
 * A view's dependencies are looked for in every user database, so a view over a database outside the scope
 * still names what it reads.
 */
export function mysqlCatalogFor(schemas: readonly string[] | null): CatalogQueries {
  const named = schemas === null ? '' : ` IN (${schemas.map((s) => mysql.stringLiteral(s)).join(', ')})`;
  const user = (column: string) => `${column} ${SYSTEM}${named ? ` AND ${column}${named}` : ''}`;
  return {
    version: 'SELECT VERSION() AS version',
    schemas: `SELECT schema_name AS schema_name FROM information_schema.schemata WHERE ${user('schema_name')} ORDER BY 1`,
    relations: `SELECT t.table_schema AS schema_name, t.table_name AS name,
        CASE WHEN t.table_type = 'VIEW' THEN 'view' WHEN EXISTS (SELECT 1 FROM information_schema.partitions p
          WHERE p.table_schema = t.table_schema AND p.table_name = t.table_name AND p.partition_name IS NOT NULL) THEN 'partitioned_table' ELSE 'table' END AS kind,
        CAST(t.table_rows AS CHAR) AS row_estimate, CAST(t.data_length + t.index_length AS CHAR) AS bytes_estimate,
        NULLIF(t.table_comment, '') AS comment, v.view_definition AS view_sql,
        (SELECT CONCAT(MAX(p.partition_method), ' (', MAX(p.partition_expression), ')') FROM information_schema.partitions p
          WHERE p.table_schema = t.table_schema AND p.table_name = t.table_name AND p.partition_name IS NOT NULL) AS partition_key,
        NULL AS partition_of, NULL AS partition_bound
      FROM information_schema.tables t LEFT JOIN information_schema.views v ON v.table_schema = t.table_schema AND v.table_name = t.table_name
      WHERE ${user('t.table_schema')} ORDER BY 1, 2`,
    columns: `SELECT c.table_schema AS schema_name, c.table_name AS table_name, c.column_name AS column_name, CAST(c.ordinal_position AS CHAR) AS ordinal,
        c.column_type AS data_type, IF(c.is_nullable = 'YES', 'true', 'false') AS nullable,
        IF(c.extra LIKE '%GENERATED%', NULL, c.column_default) AS default_expr,
        IF(c.extra LIKE '%GENERATED%', c.generation_expression, NULL) AS generated_expr,
        CASE WHEN c.extra LIKE '%STORED GENERATED%' OR c.extra LIKE '%PERSISTENT%' THEN 'stored' WHEN c.extra LIKE '%GENERATED%' THEN 'virtual' END AS generated_kind,
        IF(c.extra LIKE '%auto_increment%', 'true', 'false') AS is_identity,
        IF(c.data_type IN ('enum', 'set'), 'enum', 'base') AS type_kind, NULL AS type_name, NULL AS element_type, NULL AS domain_base,
        IF(c.data_type IN ('enum', 'set'), CONCAT('[', SUBSTRING(c.column_type, LOCATE('(', c.column_type) + 1, LENGTH(c.column_type) - LOCATE('(', c.column_type) - 1), ']'), NULL) AS enum_values,
        NULLIF(c.column_comment, '') AS comment
      FROM information_schema.columns c WHERE ${user('c.table_schema')} ORDER BY 1, 2, c.ordinal_position`,
    constraints: `SELECT tc.table_schema AS schema_name, tc.table_name AS table_name, tc.constraint_name AS name,
        CASE tc.constraint_type WHEN 'PRIMARY KEY' THEN 'primary' WHEN 'UNIQUE' THEN 'unique' WHEN 'FOREIGN KEY' THEN 'foreign' ELSE 'check' END AS kind,
        (SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.column_name) ORDER BY k.ordinal_position), ']') FROM information_schema.key_column_usage k
          WHERE k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name) AS columns,
        (SELECT MAX(k.referenced_table_schema) FROM information_schema.key_column_usage k WHERE k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name) AS ref_schema,
        (SELECT MAX(k.referenced_table_name) FROM information_schema.key_column_usage k WHERE k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name) AS ref_table,
        (SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.referenced_column_name) ORDER BY k.ordinal_position), ']') FROM information_schema.key_column_usage k
          WHERE k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name AND k.referenced_column_name IS NOT NULL) AS ref_columns,
        NULL AS definition
      FROM information_schema.table_constraints tc WHERE ${user('tc.constraint_schema')} AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY 1, 2, 3`,
    enums: "SELECT NULL AS schema_name, NULL AS name, NULL AS labels FROM DUAL WHERE 1 = 0",
    domains: "SELECT NULL AS schema_name, NULL AS name, NULL AS base_type, NULL AS not_null, NULL AS checks FROM DUAL WHERE 1 = 0",
    viewDependencies: `SELECT v.table_schema AS schema_name, v.table_name AS name, t.table_schema AS ref_schema, t.table_name AS ref_name
      FROM information_schema.views v JOIN information_schema.tables t ON t.table_schema ${SYSTEM}
        AND (LOCATE(CONCAT('\`', t.table_schema, '\`.\`', t.table_name, '\`'), v.view_definition) > 0)
      WHERE ${user('v.table_schema')} AND NOT (t.table_schema = v.table_schema AND t.table_name = v.table_name) ORDER BY 1, 2, 3, 4`,
    notVisible: `SELECT 'functions and procedures (bodies not read)' AS what, CAST(COUNT(*) AS CHAR) AS n FROM information_schema.routines WHERE ${user('routine_schema')}
      UNION ALL SELECT 'triggers (not read)', CAST(COUNT(*) AS CHAR) FROM information_schema.triggers WHERE ${user('trigger_schema')}
      UNION ALL SELECT 'events (not read)', CAST(COUNT(*) AS CHAR) FROM information_schema.events WHERE ${user('event_schema')}`,
    profile: {
      quoteTable: (schema, name) => mysql.quoteTable({ schema, name }),
      quoteIdent: (name) => mysql.quoteIdent(name),
      text: (expr) => `CAST(${expr} AS CHAR)`,
      length: (textExpr) => `CHAR_LENGTH(${textExpr})`,
      matches: (textExpr, regex) => `(${textExpr} REGEXP ${mysql.stringLiteral(regex)})`,
      scale: (textExpr) => `IF(LOCATE('.', ${textExpr}) > 0, CHAR_LENGTH(TRIM(TRAILING '0' FROM SUBSTRING_INDEX(${textExpr}, '.', -1))), 0)`,
      integerDigits: (textExpr) => `CHAR_LENGTH(SUBSTRING_INDEX(TRIM(LEADING '-' FROM ${textExpr}), '.', 1))`,
      sampleWhere: (keyTextExpr, rate) => `CONV(SUBSTRING(MD5(${keyTextExpr}), 1, 8), 16, 10) < ${Math.floor(rate * 2 ** 32)}`,
    },
  };
}

// Catalog and profiling SQL for PostgreSQL (pure: strings only; runner/discover runs them read-only).
// Every query returns text columns (the connection reads values as text); lists come back as JSON text.
// System schemas are left out here; the scope patterns are applied by the caller.
import { postgres } from '../postgres.js';
import type { CatalogQueries } from './types.js';

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

const names = (rel: string, keys: string) =>
  `to_json(ARRAY(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY k(num, pos) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.pos))::text`;

export const postgresCatalog: CatalogQueries = {
  version: "SELECT current_setting('server_version') AS version",
  schemas: `SELECT n.nspname AS schema_name FROM pg_namespace n WHERE ${USER_SCHEMAS} ORDER BY 1`,
  relations: `SELECT n.nspname AS schema_name, c.relname AS name,
      CASE c.relkind WHEN 'p' THEN 'partitioned_table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' WHEN 'f' THEN 'foreign_table'
        ELSE CASE WHEN c.relispartition THEN 'partition' ELSE 'table' END END AS kind,
      CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS row_estimate,
      CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_total_relation_size(c.oid) END AS bytes_estimate,
      obj_description(c.oid, 'pg_class') AS comment,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_sql,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
      (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition) AS partition_of,
      CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
    ORDER BY 1, 2`,
  columns: `SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name, a.attnum AS ordinal,
      format_type(a.atttypid, a.atttypmod) AS data_type, (NOT a.attnotnull)::text AS nullable,
      CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default_expr,
      CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated_expr,
      CASE a.attgenerated WHEN 's' THEN 'stored' WHEN 'v' THEN 'virtual' END AS generated_kind,
      (a.attidentity <> '')::text AS is_identity,
      CASE WHEN t.typtype = 'e' THEN 'enum' WHEN t.typtype = 'd' THEN 'domain' WHEN t.typcategory = 'A' THEN 'array'
           WHEN t.typtype = 'c' THEN 'composite' WHEN t.typtype = 'r' THEN 'range' WHEN t.typtype = 'b' THEN 'base' ELSE 'other' END AS type_kind,
      CASE WHEN t.typtype IN ('e', 'd', 'c') THEN tn.nspname || '.' || t.typname END AS type_name,
      CASE WHEN t.typcategory = 'A' THEN format_type(t.typelem, NULL) END AS element_type,
      CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS domain_base,
      col_description(c.oid, a.attnum) AS comment
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
    ORDER BY 1, 2, 4`,
  // Constraints a partition inherits from its parent (conparentid <> 0) are the parent's, reported there.
  constraints: `SELECT n.nspname AS schema_name, c.relname AS table_name, con.conname AS name,
      CASE con.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign' ELSE 'check' END AS kind,
      ${names('con.conrelid', 'con.conkey')} AS columns,
      fn.nspname AS ref_schema, f.relname AS ref_table,
      CASE WHEN con.contype = 'f' THEN ${names('con.confrelid', 'con.confkey')} END AS ref_columns,
      pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class f ON f.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
    WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND ${USER_SCHEMAS}
    ORDER BY 1, 2, 3`,
  enums: `SELECT n.nspname AS schema_name, t.typname AS name, to_json(array_agg(e.enumlabel ORDER BY e.enumsortorder))::text AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${USER_SCHEMAS} GROUP BY 1, 2 ORDER BY 1, 2`,
  domains: `SELECT n.nspname AS schema_name, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull::text AS not_null,
      coalesce((SELECT to_json(array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname))::text FROM pg_constraint k WHERE k.contypid = t.oid), '[]') AS checks
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd' AND ${USER_SCHEMAS} ORDER BY 1, 2`,
  viewDependencies: `SELECT DISTINCT vn.nspname AS schema_name, v.relname AS name, rn.nspname AS ref_schema, r.relname AS ref_name
    FROM pg_rewrite rw JOIN pg_class v ON v.oid = rw.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
      JOIN pg_depend d ON d.objid = rw.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
      JOIN pg_class r ON r.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = r.relnamespace
    WHERE r.oid <> v.oid AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2, 3, 4`,
  notVisible: `SELECT 'functions and procedures (bodies not read)' AS what, count(*) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS}
    UNION ALL SELECT 'triggers (not read)', count(*) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT g.tgisinternal AND ${USER_SCHEMAS}
    UNION ALL SELECT 'sequences (current values not read)', count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND ${USER_SCHEMAS}
    UNION ALL SELECT 'row-level security policies (not read)', count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS}
    UNION ALL SELECT 'column and table grants (not read)', count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relacl IS NOT NULL AND ${USER_SCHEMAS}`,
  profile: {
    quoteTable: (schema, name) => postgres.quoteTable({ schema, name }),
    quoteIdent: (name) => postgres.quoteIdent(name),
    text: (expr) => `(${expr})::text`,
    length: (textExpr) => `length(${textExpr})`,
    matches: (textExpr, regex) => `(${textExpr} ~ ${postgres.stringLiteral(regex)})`,
    scale: (textExpr) => `CASE WHEN strpos(${textExpr}, '.') > 0 THEN length(rtrim(${textExpr}, '0')) - strpos(${textExpr}, '.') ELSE 0 END`,
    integerDigits: (textExpr) => `length(split_part(ltrim(${textExpr}, '-'), '.', 1))`,
    sampleWhere: (keyTextExpr, rate) => `('x' || substr(md5(${keyTextExpr}), 1, 8))::bit(32)::bigint < ${Math.floor(rate * 2 ** 32)}`,
  },
};

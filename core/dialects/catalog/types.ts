// What each engine's catalog file provides: read-only queries for the raw catalog (every column text,
// lists as JSON text), and the few expressions the profile builder needs in that engine's SQL.

/** Expressions the profiling query is built from (core/dialects/catalog/profile.ts). */
export interface ProfileSql {
  quoteTable(schema: string, name: string): string;
  quoteIdent(name: string): string;
  /** Any value as text. */
  text(expr: string): string;
  /** Characters of a text value. */
  length(textExpr: string): string;
  /** True when the text matches the (POSIX extended) regular expression. */
  matches(textExpr: string, regex: string): string;
  /** Digits after the decimal point of a number's text, trailing zeros not counted. */
  scale(textExpr: string): string;
  /** Digits before the decimal point of a number's text. */
  integerDigits(textExpr: string): string;
  /** A deterministic predicate keeping about `rate` of the rows, by a hash of the key's text. */
  sampleWhere(keyTextExpr: string, rate: number): string;
}

/**
 * Queries whose rows runner/discover assembles into a source_catalog:
 * - version: version
 * - schemas: schema_name
 * - relations: schema_name, name, kind (source_catalog relation kinds), row_estimate, bytes_estimate, comment,
 *   view_sql, partition_key, partition_of (schema.name), partition_bound
 * - columns: schema_name, table_name, column_name, ordinal, data_type, nullable ('true'/'false'), default_expr,
 *   generated_expr, generated_kind, is_identity, type_kind, type_name, element_type, domain_base, comment
 * - constraints: schema_name, table_name, name, kind (primary|unique|foreign|check), columns (JSON), ref_schema,
 *   ref_table, ref_columns (JSON), definition
 * - enums: schema_name, name, labels (JSON); domains: schema_name, name, base_type, not_null, checks (JSON)
 * - viewDependencies: schema_name, name, ref_schema, ref_name
 * - notVisible: what, n
 */
export interface CatalogQueries {
  readonly version: string;
  readonly schemas: string;
  readonly relations: string;
  readonly columns: string;
  readonly constraints: string;
  readonly enums: string;
  readonly domains: string;
  readonly viewDependencies: string;
  readonly notVisible: string;
  readonly profile: ProfileSql;
}

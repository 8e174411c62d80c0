// The pure half of a connector: everything one engine needs said in its own SQL. No I/O here; the
// runner's connections execute what a dialect builds. The write half (staging, swaps) extends this
// interface later with statement builders of its own; nothing here assumes reads only.
import type { HashColumn, LogicalType } from '../hashing/types.js';

export type Engine = 'duckdb' | 'postgres' | 'mysql' | 'redshift' | 'snowflake';

export interface TableName {
  readonly schema?: string;
  readonly name: string;
}

/** One row of a catalog query: every dialect's columnsQuery returns exactly these columns. */
export interface CatalogColumn {
  readonly name: string;
  /** The engine's type, lower-case. */
  readonly dataType: string;
  readonly scale: number | null;
}

export interface Dialect {
  readonly engine: Engine;
  /** Words that must be quoted as identifiers (this project always quotes; kept for generated DDL). */
  readonly reservedWords: ReadonlySet<string>;
  quoteIdent(name: string): string;
  quoteTable(table: TableName): string;
  /** A string literal, escaped by the engine's rules (backslashes differ between engines). */
  stringLiteral(value: string): string;
  /** Query returning column_name, data_type, numeric_scale (ordered by position) for one table. */
  columnsQuery(table: TableName): string;
  /**
   * Query returning one row per primary key (or unique index on NOT NULL columns) of a table, with its
   * column names comma-joined in `columns`; undefined where the engine enforces no uniqueness.
   */
  uniqueKeysQuery(table: TableName): string | undefined;
  /** The logical type a physical type maps to by default, or undefined when it has none. */
  logicalTypeOf(dataType: string, scale: number | null): LogicalType | undefined;
  /** Canonical text of a non-NULL value of `col` (NULL handling and escaping are the compiler's). */
  canonical(expr: string, col: HashColumn): string;
  /** A text value compared by its bytes, whatever the column's collation (for grouping raw key columns). */
  binaryText(expr: string): string;
  /** Text expression cast, for values already canonical text or integers. */
  toText(expr: string): string;
  concat(parts: readonly string[]): string;
  replace(expr: string, from: string, to: string): string;
  md5Hex(textExpr: string): string;
  /** The first `length` characters of a text expression (hex digits of a hash: no collation involved). */
  prefix(textExpr: string, length: number): string;
  /** The last `length` characters (code points) of a text expression, or all of a shorter one. */
  suffix(textExpr: string, length: number): string;
  /** Unsigned integer of `length` hex digits of `hexExpr` starting at 1-based `start` (length <= 15). */
  hexToInt(hexExpr: string, start: number, length: number): string;
  /** Exact sum (no overflow for terms below 2^60) of a non-negative integer expression, as text. */
  sumText(intExpr: string): string;
  /** floor((expr - lo) / width) for expr >= lo, computed without 64-bit overflow when `wide`. */
  bucketOf(expr: string, lo: bigint, width: bigint, wide: boolean): string;
  /** Integer ordinal of a date column: days since 1970-01-01. */
  dayNumber(expr: string): string;
  /** Integer literal that the engine parses as a 64-bit (or wider) integer. */
  intLiteral(value: bigint): string;
}

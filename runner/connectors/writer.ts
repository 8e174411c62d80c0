// The write half of a connector. Every method that changes the target takes a WriteGrant minted by the
// plan gate (runner/gate/write-grant.ts) and checks it before touching the database; reads need none.
import type { CatalogColumn, Dialect, Engine, TableName } from '../../core/dialects/index.js';
import type { KeyRange, WriteMode } from '../../core/plan/write-sql.js';
import type { TransferColumn } from '../../core/plan/transfer.js';
import type { Row, WriteGrant } from './connection.js';
import type { FilePart } from './spool.js';

/**
 * Chunk data: CSV (RFC 4180; NULL is an unquoted empty field, '' is ""), the same CSV spooled to local part
 * files (spool.ts: in batches of the parts complete on disk when the writer asks, the later ones still
 * being read from the source), batches of text rows, or
 * PostgreSQL's binary COPY format, sent only to a writer with `pgBinary` and only when every column's type
 * is the staging column's own (pg-binary.ts).
 */
export type ChunkInput =
  | { readonly kind: 'csv'; readonly chunks: AsyncIterable<Buffer> }
  | { readonly kind: 'pg-binary'; readonly chunks: AsyncIterable<Buffer> }
  | { readonly kind: 'parts'; readonly parts: AsyncIterable<readonly FilePart[]> }
  | { readonly kind: 'rows'; readonly batches: AsyncIterable<Row[]> };

export interface ChunkLoad {
  readonly staging: TableName;
  readonly columns: readonly TransferColumn[];
  readonly key: string;
  readonly range: KeyRange;
  readonly input: ChunkInput;
}

export interface WriteConnection {
  readonly engine: Engine;
  readonly dialect: Dialect;
  /** Where it points, without credentials. */
  readonly location: string;
  /**
   * The chunk input it loads fastest. 'parts': CSV part files, which the copy step spools ahead (the source
   * is read while what came before is written); every writer also takes 'csv'.
   */
  readonly accepts: 'csv' | 'parts' | 'rows';
  /** Loads PostgreSQL's binary COPY format ('pg-binary'): a PostgreSQL target. */
  readonly pgBinary?: boolean;
  tableExists(t: TableName): Promise<boolean>;
  /** Columns of a table in order; empty when it does not exist. */
  describe(t: TableName): Promise<CatalogColumn[]>;
  /** One value of a query (count, exists), as text or null; run read-only (or rolled back), never a write. */
  scalar(sql: string): Promise<string | null>;
  /** Statements in one transaction: all or nothing. */
  transaction(grant: WriteGrant, statements: readonly string[]): Promise<void>;
  /** In one transaction: delete the range from staging, then load the chunk; returns the rows loaded. */
  loadChunk(grant: WriteGrant, load: ChunkLoad): Promise<number>;
  /** Engines that are not SQL databases (a Parquet directory) create tables their own way. */
  prepare?(grant: WriteGrant, p: PrepareInput): Promise<void>;
  /** ... and promote staging their own way (default: the statements of promoteSql in one transaction). */
  promote?(grant: WriteGrant, p: PromoteInput): Promise<void>;
  close(): Promise<void>;
}

export interface PrepareInput {
  readonly target: TableName;
  readonly staging?: TableName;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly keys: readonly string[];
}

export interface PromoteInput {
  readonly target: TableName;
  readonly staging: TableName;
  readonly replaced: TableName;
  readonly mode: WriteMode;
  readonly keys: readonly string[];
  readonly columns: readonly string[];
  /** Hive partition column (Parquet directories). */
  readonly partitionBy?: string;
}

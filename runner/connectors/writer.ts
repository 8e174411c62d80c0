// The write half of a connector. Every method that changes the target takes a WriteGrant minted by the
// plan gate (runner/gate/write-grant.ts) and checks it before touching the database; reads need none.
import type { CatalogColumn, Dialect, Engine, TableName } from '../../core/dialects/index.js';
import type { KeyRange, WriteMode } from '../../core/plan/write-sql.js';
import type { TransferColumn } from '../../core/plan/transfer.js';
import type { Row, WriteGrant } from './connection.js';

/**
 * Chunk data: CSV (RFC 4180; NULL is an unquoted empty field, '' is ""), the same CSV already spooled to a
 * local file (spool.ts: read from the source before the chunk's transaction), or batches of text rows.
 */
export type ChunkInput =
  | { readonly kind: 'csv'; readonly chunks: AsyncIterable<Buffer> }
  | { readonly kind: 'file'; readonly path: string; readonly bytes: number }
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
   * The chunk input it loads fastest. 'file': a CSV file, which the copy step spools one chunk ahead (the
   * next chunk is read from the source while this one is written); every writer also takes 'csv'.
   */
  readonly accepts: 'csv' | 'file' | 'rows';
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

// The I/O half of a connector. Connections are read-only: query and stream. The write half (bulk
// load into staging, swap or merge in one transaction) will take a WriteGrant, which only the plan
// gate can mint from a verified SignedPlan; a connection without one has no way to write.
import type { CatalogColumn, Dialect, Engine, TableName } from '../../core/dialects/index.js';

/** Every value arrives as text (queries cast), or null. */
export type Row = Record<string, string | null>;

export interface ConnectionStats {
  queries: number;
  rows: number;
  /** Characters of values received: what crossed the wire to the runner. */
  bytes: number;
}

export interface ReadConnection {
  readonly engine: Engine;
  readonly dialect: Dialect;
  /** Where it points, without credentials. */
  readonly location: string;
  readonly stats: ConnectionStats;
  /** The FROM item of a table (a quoted name, or a file scan). */
  relation(table: TableName): string;
  /** Columns of a table in order; an empty list when the table does not exist. */
  describe(table: TableName): Promise<CatalogColumn[]>;
  query(sql: string): Promise<Row[]>;
  /** Rows in batches, without holding the result in memory. */
  stream(sql: string, batchRows?: number): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

declare const grantBrand: unique symbol;

/** Permission to write for one plan step; minted by the plan gate only (runner/gate, later). */
export interface WriteGrant {
  readonly plan_sha256: string;
  readonly step_id: string;
  readonly [grantBrand]: true;
}

export function newStats(): ConnectionStats {
  return { queries: 0, rows: 0, bytes: 0 };
}

/** Normalises driver values to text and counts what arrived. */
export function toRows(raw: readonly Record<string, unknown>[], stats: ConnectionStats): Row[] {
  const out: Row[] = new Array(raw.length);
  let bytes = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const row: Row = {};
    for (const k in r) {
      const v = r[k];
      const s = v === null || v === undefined ? null : typeof v === 'string' ? v : String(v);
      row[k] = s;
      if (s !== null) bytes += s.length;
    }
    out[i] = row;
  }
  stats.rows += raw.length;
  stats.bytes += bytes;
  return out;
}

export function catalogFrom(rows: readonly Row[]): CatalogColumn[] {
  return rows.map((r) => ({
    name: r.column_name ?? '',
    dataType: (r.data_type ?? '').toLowerCase(),
    scale: r.numeric_scale === null || r.numeric_scale === undefined ? null : Number(r.numeric_scale),
  }));
}

// The rehearsal's sample: the rows of a source table whose hash of (seed, canonical key text) falls in the
// first `rate` of the hash space, the `rows` lowest of them at most. The hash is reconciliation's own
// (md5 of the spec's canonical key text, first 32 bits: core/hashing), computed inside the source
// engine, so the same keys are chosen on every run and on every engine, and nothing but the chosen rows
// crosses the wire. Each sampled table is a derived table the copy steps and reconciliation read in
// place of the table (the source is only read).
import type { ReadConnection } from '../connectors/connection.js';
import type { Extractor } from '../connectors/extract.js';
import type { TableName } from '../../core/dialects/index.js';
import { CopilotError } from '../../core/errors.js';
import { compileRowHash, DEFAULT_HASHING_SPEC, hashOrdinal } from '../../core/hashing/index.js';
import { tableText } from '../../core/plan/tables.js';
import { resolveColumns } from '../recon/columns.js';

export interface SampleSpec {
  /** Fixed per plan: the same rows on every run. */
  readonly seed: string;
  /** Fraction of the key hash space, (0, 1]. */
  readonly rate: number;
  /** At most this many rows per table (the lowest hashes). */
  readonly rows: number;
}

export const DEFAULT_SAMPLE = { rate: 0.05, rows: 10_000 } as const;

/** The FROM item reading the sample of `table` (keyed by `key`, the source's column names). */
export async function sampledRelation(read: ReadConnection, table: TableName, key: readonly string[], spec: SampleSpec): Promise<string> {
  const catalog = await read.describe(table);
  if (catalog.length === 0) {
    throw new CopilotError('INPUT_INVALID', `${tableText(table)} is not on the source (${read.location})`, { hint: 'check source_table of the plan\'s copy steps against the discovery snapshot' });
  }
  const side = { dialect: read.dialect, table, catalog, location: read.location };
  const d = read.dialect;
  const hash = compileRowHash(d, DEFAULT_HASHING_SPEC, resolveColumns({ key, columns: key }, side, side).sourceKey, []);
  const ordinal = hashOrdinal(d, d.concat([d.stringLiteral(`${spec.seed}${DEFAULT_HASHING_SPEC.separator}`), hash.keyText]));
  const bound = BigInt(Math.floor(Math.min(1, Math.max(0, spec.rate)) * 2 ** 32));
  return `(SELECT * FROM ${read.relation(table)} WHERE ${ordinal} < ${bound} ORDER BY ${ordinal}, ${hash.keyText} LIMIT ${Math.max(0, Math.floor(spec.rows))}) ` +
    `AS ${d.quoteIdent('mc_rehearsal_sample')}`;
}

/** A read connection whose tables in `samples` (by tableText) read their sample instead. */
export function sampledConnection(read: ReadConnection, samples: ReadonlyMap<string, string>): ReadConnection {
  return {
    engine: read.engine, dialect: read.dialect, location: read.location,
    get stats() { return read.stats; },
    relation: (t) => samples.get(tableText(t)) ?? read.relation(t),
    describe: (t) => read.describe(t),
    query: (sql) => read.query(sql),
    stream: (sql, n) => read.stream(sql, n),
    close: () => read.close(),
  };
}

export function sampledExtractor(e: Extractor, samples: ReadonlyMap<string, string>): Extractor {
  return { ...e, read: sampledConnection(e.read, samples) };
}

// The key-tail shape of one comparison (core/recon/tail-shape.ts), chosen from the first keys the source
// returns: a quick read, since only speed depends on it (both sides compile the same shape).
import { canonicalField, DEFAULT_TAIL_SHAPE, ordinalKindOf, type HashingSpec, type TailShape } from '../../core/hashing/index.js';
import type { HashColumn } from '../../core/hashing/types.js';
import { chooseTailShape } from '../../core/recon/tail-shape.js';
import type { ReadConnection } from '../connectors/connection.js';

/** Keys read to choose the shape. */
export const TAIL_SAMPLE_ROWS = 10_000;

export async function sampledTailShape(conn: ReadConnection, relation: string, spec: HashingSpec, key: readonly HashColumn[]): Promise<TailShape> {
  const d = conn.dialect;
  if (key.length === 0 || ordinalKindOf(key[0]!) !== 'hash') return DEFAULT_TAIL_SHAPE;
  const fields = key.map((c) => canonicalField(d, spec, c));
  const rows = await conn.query(`SELECT ${fields.map((f, i) => `${f} AS ${d.quoteIdent(`k${i}`)}`).join(', ')} FROM ${relation} LIMIT ${TAIL_SAMPLE_ROWS}`);
  return chooseTailShape(key, rows.map((r) => fields.map((_, i) => String(r[`k${i}`] ?? ''))));
}

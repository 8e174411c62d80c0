// The deterministic sample compared row by row, streamed: both sides give their sampled rows ordered by the
// sample's own hash ordinal (an integer both engines compute alike, so both streams come in the same order
// whatever the collations), and the two streams are merged, holding only the rows of one ordinal at a time.
// A row is its key text and the md5 of its canonical row text (core/recon/queries.ts sampleSql). Memory stays
// flat however large the sample (a 50% sample of 1M rows held as maps of every field took 1.4 GB); only the
// keys that differ are kept.
import type { Row } from '../connectors/connection.js';

export interface SampleComparison {
  readonly sourceRows: number;
  readonly targetRows: number;
  /** Canonical key texts of the rows that differ or are on one side only, in stream order. */
  readonly differing: string[];
}

interface Group {
  readonly ordinal: number;
  /** key text -> row hash */
  readonly rows: Map<string, string | null>;
}

/** Consecutive rows with the same ordinal `p`, in the stream's order (ascending p). */
async function* groups(batches: AsyncIterable<Row[]>): AsyncGenerator<Group> {
  let current: { ordinal: number; rows: Map<string, string | null> } | undefined;
  for await (const batch of batches) {
    for (const r of batch) {
      const ordinal = Number(r.p);
      if (current && current.ordinal !== ordinal) {
        yield current;
        current = undefined;
      }
      current ??= { ordinal, rows: new Map() };
      current.rows.set(r.k!, r.h ?? null);
    }
  }
  if (current) yield current;
}

/** Merges the two sides' sampled rows (each ordered by `p`), naming every key that differs. */
export async function compareSampleStreams(source: AsyncIterable<Row[]>, target: AsyncIterable<Row[]>): Promise<SampleComparison> {
  const a = groups(source);
  const b = groups(target);
  try {
    return await merge(a, b);
  } finally {
    // An early end (a failed read on one side) still closes the other side's cursor.
    await Promise.all([a.return(undefined), b.return(undefined)]);
  }
}

async function merge(a: AsyncGenerator<Group>, b: AsyncGenerator<Group>): Promise<SampleComparison> {
  let sourceRows = 0;
  let targetRows = 0;
  const differing: string[] = [];
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (!x.done && (y.done || x.value.ordinal < y.value.ordinal)) {
      sourceRows += x.value.rows.size;
      differing.push(...x.value.rows.keys());
      x = await a.next();
    } else if (!y.done && (x.done || y.value.ordinal < x.value.ordinal)) {
      targetRows += y.value.rows.size;
      differing.push(...y.value.rows.keys());
      y = await b.next();
    } else if (!x.done && !y.done) {
      const s = x.value.rows;
      const t = y.value.rows;
      sourceRows += s.size;
      targetRows += t.size;
      for (const k of new Set([...s.keys(), ...t.keys()])) if (s.get(k) !== t.get(k)) differing.push(k);
      [x, y] = await Promise.all([a.next(), b.next()]);
    }
  }
  return { sourceRows, targetRows, differing };
}

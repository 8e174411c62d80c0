// Key ranges of a copy step (pure): an integer key from min to max split into ranges of about
// `chunkRows` rows each, the first unbounded below and the last unbounded above, so every row falls in
// exactly one range. The split is computed once per step and checkpointed, so a resumed run reuses it.
import type { KeyRange } from './write-sql.js';

export function keyRanges(min: bigint, max: bigint, rows: number, chunkRows: number): KeyRange[] {
  const n = Math.max(1, Math.ceil(rows / Math.max(1, chunkRows)));
  const span = max - min + 1n;
  const count = BigInt(n) > span ? Number(span) : n;
  const width = (span + BigInt(count) - 1n) / BigInt(count);
  const out: KeyRange[] = [];
  for (let i = 0; i < count; i++) {
    const lo = min + BigInt(i) * width;
    const hi = lo + width;
    out.push({ ...(i > 0 ? { lo: lo.toString() } : {}), ...(i < count - 1 ? { hi: hi.toString() } : {}) });
  }
  return out;
}

/** Chunk indexes of shard `index` of `count` (round robin, so shards get similar work). */
export function inShard(chunk: number, shard: { readonly index: number; readonly count: number } | undefined): boolean {
  return !shard || chunk % shard.count === shard.index;
}

// Row-level diff of leaf segments. Both sides stream their leaf rows in (ordinal, tie-break) order; rows
// sharing that position form a group (usually one row), and groups are matched here by canonical key
// text. Missing: only in the source. Extra: only in the target. Mismatched: both, different row hashes.
// Duplicate: a key held by more than one row of one side (it cannot be reconciled by key).

/** One streamed leaf row: its position, canonical key text, row hash, and its canonical fields by alias. */
export interface LeafRow {
  readonly o: bigint;
  readonly t: bigint;
  readonly k: string;
  readonly h: string;
  readonly fields: Readonly<Record<string, string | null>>;
}

export type Difference =
  | { readonly kind: 'missing'; readonly k: string; readonly source: LeafRow }
  | { readonly kind: 'extra'; readonly k: string; readonly target: LeafRow }
  | { readonly kind: 'mismatched'; readonly k: string; readonly source: LeafRow; readonly target: LeafRow }
  | { readonly kind: 'duplicate'; readonly k: string; readonly side: 'source' | 'target'; readonly rows: number };

/** Order of two stream positions. */
export function comparePosition(a: Pick<LeafRow, 'o' | 't'>, b: Pick<LeafRow, 'o' | 't'>): number {
  if (a.o !== b.o) return a.o < b.o ? -1 : 1;
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  return 0;
}

function byKey(rows: readonly LeafRow[], side: 'source' | 'target', out: Difference[]): Map<string, LeafRow> {
  const m = new Map<string, LeafRow>();
  const counts = new Map<string, number>();
  for (const r of rows) {
    counts.set(r.k, (counts.get(r.k) ?? 0) + 1);
    if (!m.has(r.k)) m.set(r.k, r);
  }
  for (const [k, n] of counts) if (n > 1) out.push({ kind: 'duplicate', k, side, rows: n });
  return m;
}

/** Differences within one group: the rows of both sides at the same stream position. */
export function diffGroup(source: readonly LeafRow[], target: readonly LeafRow[]): Difference[] {
  const out: Difference[] = [];
  if (source.length === 1 && target.length === 1 && source[0]!.k === target[0]!.k) {
    if (source[0]!.h !== target[0]!.h) out.push({ kind: 'mismatched', k: source[0]!.k, source: source[0]!, target: target[0]! });
    return out;
  }
  const s = byKey(source, 'source', out);
  const t = byKey(target, 'target', out);
  for (const [k, row] of s) {
    const other = t.get(k);
    if (!other) out.push({ kind: 'missing', k, source: row });
    else if (other.h !== row.h) out.push({ kind: 'mismatched', k, source: row, target: other });
  }
  for (const [k, row] of t) if (!s.has(k)) out.push({ kind: 'extra', k, target: row });
  return out;
}

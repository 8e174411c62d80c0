// Row-level diff of leaf segments: (canonical key text, row hash) pairs from both sides.
// Missing: only in the source. Extra: only in the target. Mismatched: both, different hashes.

export interface KeyHash {
  readonly k: string;
  readonly h: string;
}

export interface KeyDiff {
  readonly missing: string[];
  readonly extra: string[];
  readonly mismatched: string[];
  /** Keys seen more than once on one side: a key that is not unique cannot be reconciled by key. */
  readonly duplicates: string[];
}

function index(rows: readonly KeyHash[], duplicates: Set<string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows) {
    if (m.has(r.k)) duplicates.add(r.k);
    m.set(r.k, r.h);
  }
  return m;
}

export function diffKeys(source: readonly KeyHash[], target: readonly KeyHash[]): KeyDiff {
  const dup = new Set<string>();
  const s = index(source, dup);
  const t = index(target, dup);
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const [k, h] of s) {
    const th = t.get(k);
    if (th === undefined) missing.push(k);
    else if (th !== h) mismatched.push(k);
  }
  const extra = [...t.keys()].filter((k) => !s.has(k));
  const sort = (xs: string[]) => xs.sort();
  return { missing: sort(missing), extra: sort(extra), mismatched: sort(mismatched), duplicates: sort([...dup]) };
}

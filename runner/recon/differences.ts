// Collects the differences of one table as they stream from the leaf merge: every one is counted and,
// when a writer is given, written out at once as a JSON line; only the first `limit` of each kind by key
// order stay in memory for the report. Memory stays bounded however many rows differ.
import type { HashingSpec } from '../../core/hashing/spec.js';
import type { HashColumn } from '../../core/hashing/types.js';
import { displayValue } from '../../core/recon/display.js';
import type { Difference, LeafRow } from '../../core/recon/keydiff.js';
import { keyTextOrder, keyValues, type KeyColumn } from '../../core/recon/key-values.js';
import { splitKeyText } from '../../core/recon/keytext.js';
import { MASKED } from '../../core/recon/pii.js';
import type { ColumnDifference, KeyValues, MismatchedRow } from '../../core/recon/report-types.js';

export type LineWriter = (line: string) => Promise<void>;

/** The first `limit` items by `order`, kept sorted. */
class Smallest<T> {
  readonly items: { k: string; v: T }[] = [];
  constructor(private readonly limit: number, private readonly order: (a: string, b: string) => number) {}

  add(k: string, v: () => T): void {
    const xs = this.items;
    if (this.limit === 0) return;
    if (xs.length >= this.limit && this.order(k, xs[xs.length - 1]!.k) >= 0) return;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order(xs[mid]!.k, k) <= 0) lo = mid + 1;
      else hi = mid;
    }
    xs.splice(lo, 0, { k, v: v() });
    if (xs.length > this.limit) xs.pop();
  }
}

export interface DifferenceColumns {
  readonly key: readonly KeyColumn[];
  /** The compared non-key columns, in field order (f0, f1, ...). */
  readonly columns: readonly HashColumn[];
  readonly pii: ReadonlySet<string>;
}

export class DifferenceCollector {
  readonly counts = { missing: 0, extra: 0, mismatched: 0 };
  private readonly missing: Smallest<null>;
  private readonly extra: Smallest<null>;
  private readonly mismatched: Smallest<ColumnDifference[]>;
  private readonly duplicates: Smallest<null>;
  /** Listed duplicate keys (at most `limit` a side come from the checks). */
  private readonly dupKeys = new Set<string>();
  private dupCount = 0;

  constructor(
    private readonly cols: DifferenceColumns,
    private readonly spec: HashingSpec,
    readonly limit: number,
    private readonly write?: LineWriter,
  ) {
    const order = keyTextOrder(cols.key, spec);
    this.missing = new Smallest(limit, order);
    this.extra = new Smallest(limit, order);
    this.mismatched = new Smallest(limit, order);
    this.duplicates = new Smallest(limit, order);
  }

  key(k: string): KeyValues {
    return keyValues(this.cols.key, this.spec, k);
  }

  /** Both sides' values of each column that differs (PII masked, floats shown as decimals). */
  explain(s: LeafRow, t: LeafRow): ColumnDifference[] {
    return this.cols.columns.flatMap((col, i) => {
      const sv = s.fields[`f${i}`] ?? null;
      const tv = t.fields[`f${i}`] ?? null;
      if (sv === tv) return [];
      const shown = (v: string | null) => (this.cols.pii.has(col.name) ? MASKED : v === null ? null : displayValue(col.logical, splitKeyText(v, this.spec)[0]!));
      return [{ column: col.name, source: shown(sv), target: shown(tv) }];
    });
  }

  /** A side whose duplicates a whole-table check reports: its duplicates seen in the leaves are not counted again. */
  checkedSide: 'source' | 'target' | undefined;

  /** The result of the whole-table duplicate check: `total` duplicated key values, of which `listed` (at most the limit). */
  async addDuplicates(side: 'source' | 'target', total: number, listed: readonly { k: string; rows: number }[]): Promise<void> {
    this.dupCount += total;
    for (const { k, rows } of listed) await this.duplicate(side, k, rows);
  }

  private async duplicate(side: 'source' | 'target', k: string, rows: number): Promise<void> {
    if (!this.dupKeys.has(k)) {
      this.dupKeys.add(k);
      this.duplicates.add(k, () => null);
    }
    await this.write?.(JSON.stringify({ kind: 'duplicate', side, key: this.key(k), rows }));
  }

  async add(d: Difference): Promise<void> {
    switch (d.kind) {
      case 'missing':
        this.counts.missing++;
        this.missing.add(d.k, () => null);
        await this.write?.(JSON.stringify({ kind: 'missing', key: this.key(d.k) }));
        return;
      case 'extra':
        this.counts.extra++;
        this.extra.add(d.k, () => null);
        await this.write?.(JSON.stringify({ kind: 'extra', key: this.key(d.k) }));
        return;
      case 'mismatched': {
        this.counts.mismatched++;
        const columns = this.explain(d.source, d.target);
        this.mismatched.add(d.k, () => columns);
        await this.write?.(JSON.stringify({ kind: 'mismatched', key: this.key(d.k), columns }));
        return;
      }
      case 'duplicate':
        if (d.side === this.checkedSide) return;
        this.dupCount++;
        await this.duplicate(d.side, d.k, d.rows);
    }
  }

  result(): {
    missing: KeyValues[]; extra: KeyValues[]; mismatched: MismatchedRow[]; duplicates: KeyValues[]; duplicateCount: number;
  } {
    return {
      missing: this.missing.items.map((x) => this.key(x.k)),
      extra: this.extra.items.map((x) => this.key(x.k)),
      mismatched: this.mismatched.items.map((x) => ({ key: this.key(x.k), columns: x.v })),
      duplicates: this.duplicates.items.map((x) => this.key(x.k)),
      duplicateCount: this.dupCount,
    };
  }
}

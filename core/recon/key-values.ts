// Key values as a report shows them: typed (an integer JSON holds exactly is a number, everything else
// its canonical text, NULL is null), PII masked, and ordered by each key column's logical type (numbers
// by value, text by code point), never as text ("1000000" after "200001").
import type { HashingSpec } from '../hashing/spec.js';
import type { LogicalType } from '../hashing/types.js';
import { splitKeyText } from './keytext.js';
import { MASKED } from './pii.js';
import type { KeyValues } from './report-types.js';
import { canonicalNumber } from './tolerance.js';

export interface KeyColumn {
  readonly name: string;
  readonly logical: LogicalType;
  readonly pii: boolean;
}

const NUMBER_LIKE = new Set<LogicalType>(['integer', 'decimal']);

/** The typed value of one canonical key field. */
export function typedKeyValue(logical: LogicalType, v: string | null): string | number | null {
  if (v === null) return null;
  if (logical === 'integer' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
  }
  return v;
}

export function keyValues(columns: readonly KeyColumn[], spec: HashingSpec, keyText: string): KeyValues {
  const parts = splitKeyText(keyText, spec);
  return Object.fromEntries(columns.map((c, i) => [c.name, c.pii ? MASKED : typedKeyValue(c.logical, parts[i] ?? null)]));
}

/** Exact order of two canonical decimal texts (integers included). */
export function compareDecimal(a: string, b: string): number {
  const parse = (s: string) => {
    const neg = s.startsWith('-');
    const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
    return { neg, i: i.replace(/^0+(?=\d)/, ''), f };
  };
  const x = parse(a);
  const y = parse(b);
  const zero = (p: { i: string; f: string }) => /^0*$/.test(p.i + p.f);
  const sx = zero(x) ? 0 : x.neg ? -1 : 1;
  const sy = zero(y) ? 0 : y.neg ? -1 : 1;
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  let c = x.i.length !== y.i.length ? (x.i.length < y.i.length ? -1 : 1) : x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
  if (c === 0) {
    const w = Math.max(x.f.length, y.f.length);
    const fx = x.f.padEnd(w, '0');
    const fy = y.f.padEnd(w, '0');
    c = fx < fy ? -1 : fx > fy ? 1 : 0;
  }
  return sx < 0 ? -c : c;
}

function compareField(logical: LogicalType, a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (NUMBER_LIKE.has(logical) && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return compareDecimal(a, b);
  if (logical === 'float') {
    const x = canonicalNumber(a);
    const y = canonicalNumber(b);
    if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders canonical key texts by their columns' types, column by column; NULLs last. */
export function keyTextOrder(columns: readonly Pick<KeyColumn, 'logical'>[], spec: HashingSpec): (a: string, b: string) => number {
  const cache = new Map<string, (string | null)[]>();
  const parts = (k: string) => {
    let p = cache.get(k);
    if (!p) {
      p = splitKeyText(k, spec);
      if (cache.size > 10_000) cache.clear();
      cache.set(k, p);
    }
    return p;
  };
  return (a, b) => {
    const x = parts(a);
    const y = parts(b);
    for (let i = 0; i < columns.length; i++) {
      const c = compareField(columns[i]!.logical, x[i] ?? null, y[i] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  };
}

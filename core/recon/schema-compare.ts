// How one column is compared when the two catalogs disagree on its logical type. The same logical type
// needs nothing, and neither do the conventional lossless storings: an enum as its label, a uuid or JSON
// as text, a uuid as its 16 bytes (written hyphenated on that side), a timestamp without a zone holding UTC (the spec's contract). Other pairs that share a
// canonical form (an integer is a decimal of scale 0 and a float of the same value) compare through it,
// and a text column on one side compares with the other side's canonical text ('text'); both are
// schema differences the report shows. Anything else cannot be compared.
import type { CatalogColumn, Dialect } from '../dialects/dialect.js';
import type { ArrayElement, LogicalType } from '../hashing/types.js';

export interface LogicalInfo {
  readonly logical: LogicalType | undefined;
  /** Fractional digits of a decimal; undefined for an unconstrained numeric. */
  readonly scale?: number;
  readonly element?: ArrayElement;
}

/** Element type of an array type name ("integer[]", "numeric(10,2)[]", "varchar[3]"), if it is one. */
export function arrayElementType(dataType: string): string | undefined {
  const m = /^(.*?)\s*\[\d*\]$/.exec(dataType.trim());
  return m ? m[1] : undefined;
}

function decimalScale(dataType: string, scale: number | null): number | undefined {
  const m = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(dataType);
  if (m) return Number(m[1]);
  return scale ?? undefined;
}

export function logicalOf(d: Dialect, c: Pick<CatalogColumn, 'dataType' | 'scale'>): LogicalInfo {
  const logical = d.logicalTypeOf(c.dataType, c.scale);
  if (logical === 'array') {
    const et = arrayElementType(c.dataType);
    const el = et === undefined ? undefined : d.logicalTypeOf(et, null);
    if (!el || el === 'array' || et === undefined) return { logical: undefined };
    const scale = el === 'decimal' ? decimalScale(et, null) : undefined;
    return { logical, element: { logical: el, physical: et, ...(scale !== undefined ? { scale } : {}) } };
  }
  if (logical === 'decimal') {
    const scale = decimalScale(c.dataType, c.scale);
    return scale === undefined ? { logical } : { logical, scale };
  }
  return { logical };
}

export interface Comparison {
  /** True when both sides mean the same logical type: no schema difference. */
  readonly same: boolean;
  /** The logical type both compare as, 'text' for canonical text against a text column, or undefined. */
  readonly as: LogicalType | 'text' | undefined;
}

/** [a, b, compared as, the same meaning (no schema difference)] */
const PAIRS: readonly [LogicalType, LogicalType, LogicalType, boolean][] = [
  ['enum', 'string', 'string', true],
  ['uuid', 'string', 'uuid', true],
  ['uuid', 'binary', 'uuid', true],
  ['json', 'string', 'json', true],
  ['timestamp', 'timestamptz', 'timestamptz', true],
  ['integer', 'decimal', 'decimal', false],
  ['integer', 'float', 'float', false],
  ['decimal', 'float', 'float', false],
];

const TEXT = new Set<LogicalType>(['string', 'json']);

export function comparison(s: LogicalInfo, t: LogicalInfo): Comparison {
  const a = s.logical;
  const b = t.logical;
  if (!a || !b) return { same: false, as: undefined };
  if (a === b) {
    if (a !== 'array') return { same: true, as: a };
    return s.element?.logical === t.element?.logical ? { same: true, as: a } : { same: false, as: undefined };
  }
  const pair = PAIRS.find(([x, y]) => (x === a && y === b) || (x === b && y === a));
  if (pair) return { same: pair[3], as: pair[2] };
  if (TEXT.has(a) || TEXT.has(b)) return { same: false, as: 'text' };
  return { same: false, as: undefined };
}

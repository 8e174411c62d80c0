// Compiles the hashing spec into one engine's SQL expressions: a canonical field per column, the row
// text, its md5, the two 32-bit parts segment checksums sum, and the key ordinal segments range over.
import type { Dialect } from '../dialects/dialect.js';
import type { HashingSpec } from './spec.js';
import type { HashColumn } from './types.js';

export type OrdinalKind = 'integer' | 'date' | 'hash' | 'uuid';

export interface CompiledHash {
  /** The key columns themselves. */
  readonly key: readonly HashColumn[];
  /** Canonical field of each key column (NULL sentinel and escaping applied). */
  readonly keyFields: readonly string[];
  /** Canonical field of each compared non-key column. */
  readonly fields: readonly string[];
  readonly keyText: string;
  readonly rowText: string;
  readonly rowHash: string;
  readonly ordinal: string;
  readonly ordinalKind: OrdinalKind;
  /**
   * Hash kind only: the 32 lower-case hex digits of md5 over the canonical key text, whose first 8 are
   * the ordinal. Segment queries group and filter on its prefixes as text (a bucket of a grid whose width
   * is a power of 16 is a prefix), so no row's digits are parsed into a number, and leaves are ordered by
   * all 32 digits (ordinal and tie-break at once).
   */
  readonly ordinalHex?: string;
  /**
   * Uuid kind only: the key column, a native uuid on both sides, whose ordinal ranges are ranges of the
   * column itself (its index serves them; NULL keys sit at ordinal 0).
   */
  readonly ordinalColumn?: string;
  /**
   * Hash kind only: a few characters of the canonical key fields (tailSlices, by the TailShape chosen),
   * joined and compared by their bytes. The first segment pass groups by it instead of the key's md5 (a
   * fraction of md5's cost per row, and leaves are then selected without hashing every key): the canonical
   * text is the same on both engines, so the same key falls in the same tail on both sides.
   */
  readonly keyTail?: string;
}

/**
 * Which characters of each key field a key tail takes: the first `head` and the last `tail` (code points).
 * The last 3 give 4096 tails for a hex key, 1000 for a numbered one; keys that end alike (e-mail addresses,
 * a constant suffix) spread by their first characters instead (core/recon/tail-shape.ts chooses).
 */
export interface TailShape {
  readonly head: number;
  readonly tail: number;
}

export const DEFAULT_TAIL_SHAPE: TailShape = { head: 0, tail: 3 };

/** Whether a key field counts in the key tail: the leading one, and later text or integer fields. */
export function inKeyTail(c: HashColumn, index: number): boolean {
  // A date's or a timestamp's canonical text costs PostgreSQL more than it spreads keys.
  return index === 0 || c.logical === 'string' || c.logical === 'integer';
}

/**
 * A slice of a field's canonical text: `length` code points starting `fromEnd` code points before its end,
 * or from its start when `fromEnd` is absent (a shorter text gives what it has).
 */
export interface TailSlice {
  readonly fromEnd?: number;
  readonly length: number;
}

/**
 * A field's part of the key tail, as slices: the same recipe builds the SQL (keyTail) and the sampled keys'
 * tails in JS (core/recon/tail-shape.ts). A time or timestamp ('... HH:MI:SS.ffffff') often ends in zeros
 * (whole seconds), so its part is the seconds and the last two digits of the fraction, and for a timestamp the
 * day's last digit, whatever the shape: counted from the end, so a longer year changes nothing.
 */
export function tailSlices(c: HashColumn, shape: TailShape): TailSlice[] {
  if (c.logical === 'timestamp' || c.logical === 'timestamptz') return [{ fromEnd: 17, length: 1 }, { fromEnd: 9, length: 2 }, { fromEnd: 2, length: 2 }];
  if (c.logical === 'time') return [{ fromEnd: 9, length: 2 }, { fromEnd: 2, length: 2 }];
  return [...(shape.head > 0 ? [{ length: shape.head }] : []), ...(shape.tail > 0 ? [{ fromEnd: shape.tail, length: shape.tail }] : [])];
}

/** The key tail: each counted key field's slices, joined and compared by bytes. */
function keyTail(d: Dialect, key: readonly HashColumn[], keyFields: readonly string[], shape: TailShape): string {
  const slice = (field: string, x: TailSlice) => (x.fromEnd === undefined ? d.prefix(field, x.length)
    : x.length >= x.fromEnd ? d.suffix(field, x.fromEnd) : d.prefix(d.suffix(field, x.fromEnd), x.length));
  const parts = key.flatMap((c, i) => (inKeyTail(c, i) ? tailSlices(c, shape).map((x) => slice(keyFields[i]!, x)) : []));
  return d.binaryText(d.concat(parts));
}

/** The nil uuid: where a NULL uuid key sits in the ordinal order. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const isNativeUuid = (c: HashColumn | undefined) => c?.logical === 'uuid' && c.physical.trim().toLowerCase() === 'uuid';

/**
 * Whether a leading uuid key is its own ordinal: only when both sides store it as a uuid (PostgreSQL
 * uuid, DuckDB UUID), whose canonical text is always 32 hex digits. The uuid's first 32 bits are then
 * the ordinal, with no md5 of the key per row, and its leaves are read by ranges of the key's index.
 * Stored as text or binary on either side, the key text's md5 is the ordinal as for any other key.
 */
export function uuidIsOwnOrdinal(sourceKey: readonly HashColumn[], targetKey: readonly HashColumn[]): boolean {
  return isNativeUuid(sourceKey[0]) && isNativeUuid(targetKey[0]);
}

const TEXT_LIKE = new Set(['string', 'json', 'array', 'enum']);

/** The canonical field of one column: what the spec says the value reads as, inside the row text. */
export function canonicalField(d: Dialect, spec: HashingSpec, col: HashColumn, alias?: string): string {
  const x = (alias ? `${alias}.` : '') + d.quoteIdent(col.name);
  let c = d.canonical(x, col);
  if (TEXT_LIKE.has(col.logical) || col.escape) {
    c = d.replace(d.replace(c, spec.escape, spec.escape + spec.escape), spec.separator, spec.escape + spec.separator);
  }
  return `CASE WHEN ${x} IS NULL THEN ${d.stringLiteral(spec.nullSentinel)} ELSE ${c} END`;
}

function joined(d: Dialect, spec: HashingSpec, parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  const sep = d.stringLiteral(spec.separator);
  return d.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [sep, p])));
}

export function ordinalKindOf(leading: HashColumn): OrdinalKind {
  if (leading.logical === 'integer') return 'integer';
  if (leading.logical === 'date') return 'date';
  return 'hash';
}

/** Unsigned value of the first 8 hex digits of md5(text): a collation-free integer in [0, 2^32). */
export function hashOrdinal(d: Dialect, textExpr: string): string {
  return d.hexToInt(d.md5Hex(textExpr), 1, 8);
}

/**
 * `ownUuidOrdinal`: the leading uuid key is its own ordinal (decided for both sides by uuidIsOwnOrdinal);
 * `tailShape`: the key tail's characters (the same on both sides).
 */
export function compileRowHash(
  d: Dialect, spec: HashingSpec, key: readonly HashColumn[], columns: readonly HashColumn[],
  opts: { readonly ownUuidOrdinal?: boolean; readonly tailShape?: TailShape } = {},
): CompiledHash {
  if (key.length === 0) throw new Error('compileRowHash: a key column is required');
  const keyFields = key.map((c) => canonicalField(d, spec, c));
  const fields = columns.map((c) => canonicalField(d, spec, c));
  const keyText = joined(d, spec, keyFields);
  const rowText = joined(d, spec, [...keyFields, ...fields]);
  const leading = key[0]!;
  const kind = ordinalKindOf(leading);
  const ordinal = kind === 'integer' ? d.quoteIdent(leading.name)
    : kind === 'date' ? d.dayNumber(d.quoteIdent(leading.name))
    : hashOrdinal(d, keyText);
  const rowHash = d.md5Hex(rowText);
  if (kind === 'hash' && opts.ownUuidOrdinal && leading.logical === 'uuid') {
    const column = d.quoteIdent(leading.name);
    // A native uuid's own text (PostgreSQL, DuckDB, MariaDB) is already its canonical form, lower-case
    // hyphenated: the canonical lower() would only cost every row of the grouped pass (a quarter of a
    // second per million rows in PostgreSQL, whose lower() is locale-aware).
    const ordinalHex = `COALESCE(${d.toText(column)}, ${d.stringLiteral(NIL_UUID)})`;
    return { key, keyFields, fields, keyText, rowText, rowHash, ordinal: d.hexToInt(ordinalHex, 1, 8), ordinalKind: 'uuid', ordinalHex, ordinalColumn: column };
  }
  const hex = kind === 'hash'
    ? { ordinalHex: d.md5Hex(keyText), keyTail: keyTail(d, key, keyFields, opts.tailShape ?? DEFAULT_TAIL_SHAPE) }
    : {};
  return { key, keyFields, fields, keyText, rowText, rowHash, ordinal, ordinalKind: kind, ...hex };
}

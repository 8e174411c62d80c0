// Compiles the hashing spec into one engine's SQL expressions: a canonical field per column, the row
// text, its md5, the two 32-bit parts segment checksums sum, and the key ordinal segments range over.
import type { Dialect } from '../dialects/dialect.js';
import type { HashingSpec } from './spec.js';
import type { HashColumn } from './types.js';

export type OrdinalKind = 'integer' | 'date' | 'hash';

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

export function compileRowHash(d: Dialect, spec: HashingSpec, key: readonly HashColumn[], columns: readonly HashColumn[]): CompiledHash {
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
  return { key, keyFields, fields, keyText, rowText, rowHash: d.md5Hex(rowText), ordinal, ordinalKind: kind };
}

// Building blocks the dialects share. Each engine plugs in its own spelling of a few primitives.

/** Doubles the quote character inside an identifier and wraps it. */
export function quoteWith(q: string, name: string): string {
  return q + name.split(q).join(q + q) + q;
}

/** SQL-92 string literal: quotes doubled. `backslashEscapes` engines also double backslashes. */
export function literalWith(value: string, backslashEscapes: boolean): string {
  const v = backslashEscapes ? value.replace(/\\/g, '\\\\') : value;
  return `'${v.replace(/'/g, "''")}'`;
}

export interface FloatPrimitives {
  readonly abs: (e: string) => string;
  readonly log2: (e: string) => string;
  /** 2^e as a binary64, for an integer-valued double e in [-600, 600]. */
  readonly pow2: (e: string) => string;
  readonly floor: (e: string) => string;
  /** Exact integer text of an integer-valued double below 2^53. */
  readonly intText: (e: string) => string;
  readonly concat: (parts: readonly string[]) => string;
  readonly lit: (s: string) => string;
}

/**
 * The float rule of the spec for a finite, non-zero binary64 `x`: "[-]MpE" with 2^52 <= M < 2^53.
 * log2 may be off by one near powers of two, so the exponent guess is corrected from the scaled
 * mantissa; scaling by powers of two is exact, and is split in two steps so that neither factor
 * overflows or underflows (subnormals need up to 2^1126).
 */
export function finiteFloatText(x: string, p: FloatPrimitives): string {
  const a = p.abs(x);
  const e0 = p.floor(p.log2(a));
  const k = `(52 - ${e0})`;
  const half = p.floor(`(${k} / 2.0)`);
  const m0 = `((${a} * ${p.pow2(half)}) * ${p.pow2(`(${k} - ${half})`)})`;
  const TWO53 = '9007199254740992.0';
  const TWO52 = '4503599627370496.0';
  const m = `(CASE WHEN ${m0} >= ${TWO53} THEN ${m0} / 2 WHEN ${m0} < ${TWO52} THEN ${m0} * 2 ELSE ${m0} END)`;
  const e = `(${e0} - 52 + CASE WHEN ${m0} >= ${TWO53} THEN 1 WHEN ${m0} < ${TWO52} THEN -1 ELSE 0 END)`;
  const sign = `CASE WHEN ${x} < 0 THEN ${p.lit('-')} ELSE ${p.lit('')} END`;
  return p.concat([sign, p.intText(m), p.lit('p'), p.intText(e)]);
}

/**
 * The same "[-]MpE" text from the IEEE 754 bit pattern, for engines that expose it as a signed 64-bit
 * integer (`bits`): a mask and a shift instead of logarithms. Subnormals (exponent field 0) take the
 * arithmetic path, which normalises their mantissa.
 */
export function bitsFloatText(x: string, bits: string, p: FloatPrimitives & { intToText: (e: string) => string }): string {
  const exp = `((${bits} >> 52) & 2047)`;
  const mant = `((${bits} & 4503599627370495) + 4503599627370496)`;
  const sign = `CASE WHEN ${x} < 0 THEN ${p.lit('-')} ELSE ${p.lit('')} END`;
  return `CASE WHEN ${exp} = 0 THEN ${finiteFloatText(x, p)} ` +
    `ELSE ${p.concat([sign, p.intToText(mant), p.lit('p'), p.intToText(`(${exp} - 1075)`)])} END`;
}

export interface TextPrimitives {
  readonly concat: (parts: readonly string[]) => string;
  readonly replace: (e: string, from: string, to: string) => string;
  readonly lit: (s: string) => string;
}

/**
 * One array element inside the array form of the spec: NULL is the bare word NULL, any other value its
 * canonical text in double quotes with backslash and double quote escaped, so [] is {}, [''] is {""}
 * and [NULL] is {NULL}.
 */
export function arrayElementText(e: string, canonical: string, p: TextPrimitives): string {
  const escaped = p.replace(p.replace(canonical, '\\', '\\\\'), '"', '\\"');
  return `CASE WHEN ${e} IS NULL THEN ${p.lit('NULL')} ELSE ${p.concat([p.lit('"'), escaped, p.lit('"')])} END`;
}

/** The interval form of the spec from its three parts (integer expressions): "<months>m<days>d<micros>us". */
export function intervalText(months: string, days: string, micros: string, p: Pick<TextPrimitives, 'concat' | 'lit'> & { intText: (e: string) => string }): string {
  return p.concat([p.intText(months), p.lit('m'), p.intText(days), p.lit('d'), p.intText(micros), p.lit('us')]);
}

/** Exact decimal text from an engine's fixed-point text `t` of `x`: trailing fractional zeros and a bare point dropped, zero unsigned. */
export function exactDecimalText(x: string, t: string, rtrim: (e: string, chars: string) => string, hasPoint: (e: string) => string): string {
  return `CASE WHEN ${x} = 0 THEN '0' WHEN ${hasPoint(t)} THEN ${rtrim(rtrim(t, '0'), '.')} ELSE ${t} END`;
}

/** Backslash before each character the JSON leaf form gives a meaning to: \\ . [ = , */
export function jsonLeafEscape(e: string, p: Pick<TextPrimitives, 'replace'>): string {
  let out = p.replace(e, '\\', '\\\\');
  for (const c of ['.', '[', '=', ',']) out = p.replace(out, c, `\\${c}`);
  return out;
}

/**
 * A uuid stored as 16 bytes, in the uuid's canonical form: its 32 lower-case hex digits (`hex`, the
 * binary column's canonical text) hyphenated 8-4-4-4-12. `substr` is the engine's (1-based).
 */
export function uuidFromHex(hex: string, substr: (e: string, start: number, length: number) => string, concat: (parts: readonly string[]) => string): string {
  const parts = [[1, 8], [9, 4], [13, 4], [17, 4], [21, 12]].map(([at, n]) => substr(hex, at!, n!));
  return concat(parts.flatMap((x, i) => (i === 0 ? [x] : ["'-'", x])));
}

/** Normalises an engine type name: lower-case, single spaces, no surrounding space. */
export function normType(t: string): string {
  return t.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function applyTextRules(e: string, rules: { trim?: boolean; case?: 'lower' | 'upper' } | undefined): string {
  let out = e;
  if (rules?.trim) out = `TRIM(${out})`;
  if (rules?.case === 'lower') out = `LOWER(${out})`;
  if (rules?.case === 'upper') out = `UPPER(${out})`;
  return out;
}

export const SQL_RESERVED = [
  'all', 'and', 'any', 'as', 'asc', 'between', 'by', 'case', 'cast', 'check', 'column', 'constraint', 'create',
  'cross', 'current_date', 'current_time', 'current_timestamp', 'current_user', 'default', 'delete', 'desc',
  'distinct', 'drop', 'else', 'end', 'except', 'exists', 'false', 'fetch', 'for', 'foreign', 'from', 'full',
  'grant', 'group', 'having', 'in', 'inner', 'insert', 'intersect', 'into', 'is', 'join', 'key', 'left', 'like',
  'limit', 'natural', 'not', 'null', 'offset', 'on', 'or', 'order', 'outer', 'primary', 'references', 'right',
  'select', 'table', 'then', 'to', 'true', 'union', 'unique', 'update', 'user', 'using', 'values', 'when', 'where',
  'window', 'with',
];

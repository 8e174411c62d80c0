// The hashing spec computed in TypeScript, for values as JavaScript holds them. It is the yardstick
// the engines' compiled SQL is tested against, and lets the runner explain a single row without a query.
import { createHash } from 'node:crypto';
import type { HashingSpec } from './spec.js';
import type { LogicalType } from './types.js';

/** An interval as PostgreSQL holds it: months, days and microseconds, kept apart. */
export interface IntervalValue {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}

export type ScalarValue = string | number | bigint | boolean | Uint8Array;
export type ReferenceValue = ScalarValue | IntervalValue | readonly (ScalarValue | null)[] | null;

/** Exact "MpE" text of a finite non-zero binary64, from its bits. */
export function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  let e: number;
  if (exp === 0) {
    e = -1074;
    while (m < 1n << 52n) {
      m <<= 1n;
      e -= 1;
    }
  } else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return `${x < 0 ? '-' : ''}${m}p${e}`;
}

/** The exact value of a decimal text: trailing fractional zeros and a bare point dropped, zero is "0". */
export function exactDecimalText(value: string): string {
  const m = /^([+-]?)0*(\d*?)(?:\.(\d*?))?0*$/.exec(value.trim());
  if (!m || !/\d/.test(value)) throw new Error(`not a decimal: ${value}`);
  const int = m[2] || '0';
  const frac = (value.includes('.') ? m[3] ?? '' : '');
  if (/^0*$/.test(int + frac)) return '0';
  return `${m[1] === '-' ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Decimal text rounded half away from zero to `scale` digits, fixed-point, no "-" on zero. */
export function decimalText(value: string, scale: number): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal: ${value}`);
  const neg = m[1] === '-';
  const frac = m[3] ?? '';
  const digits = BigInt((m[2] || '0') + frac.padEnd(scale + 1, '0').slice(0, scale + 1));
  let scaled = digits / 10n;
  if (digits % 10n >= 5n) scaled += 1n;
  if (scaled === 0n) return scale > 0 ? `0.${'0'.repeat(scale)}` : '0';
  const s = scaled.toString().padStart(scale + 1, '0');
  const body = scale > 0 ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
  return (neg ? '-' : '') + body;
}

/** "YYYY-MM-DD HH:MM:SS.ffffff" of microseconds since 1970-01-01 UTC. */
export function timestampText(micros: bigint): string {
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const us = Number(micros - ms * 1000n);
  const d = new Date(Number(ms));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(us, 3)}`;
}

const leafEscape = (s: string) => s.replace(/[\\.[=,]/g, (c) => `\\${c}`);

/** The JSON leaf form: every scalar and empty container with its path, sorted by the path's UTF-8 bytes. */
export function jsonText(doc: string): string {
  const leaves: [string, string][] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) leaves.push([path, 'a']);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) leaves.push([path, 'o']);
      for (const [k, x] of entries) walk(x, `${path}.${leafEscape(k)}`);
    } else if (typeof v === 'string') leaves.push([path, `s:${leafEscape(v)}`]);
    else if (typeof v === 'number') leaves.push([path, `n:${floatText(v)}`]);
    else if (typeof v === 'boolean') leaves.push([path, v ? 'b:1' : 'b:0']);
    else leaves.push([path, 'z']);
  };
  walk(JSON.parse(doc), '');
  return leaves.sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0]))).map(([p, x]) => `${p}=${x}`).join(',');
}

function arrayText(items: readonly (ScalarValue | null)[], element: LogicalType, scale: number | undefined): string {
  const one = (e: ScalarValue | null) => (e === null ? 'NULL' : `"${canonicalValue(element, e, scale).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `{${items.map(one).join(',')}}`;
}

/**
 * Canonical text of one non-NULL value. Dates are 'YYYY-MM-DD' strings, timestamps microseconds, arrays
 * JavaScript arrays of their elements (of type `element`), intervals their three parts. A decimal
 * without a scale is compared by exact value.
 */
export function canonicalValue(logical: LogicalType, v: Exclude<ReferenceValue, null>, scale?: number, element: LogicalType = 'string'): string {
  switch (logical) {
    case 'integer': return BigInt(v as string | number | bigint).toString();
    case 'decimal': return scale === undefined ? exactDecimalText(String(v)) : decimalText(String(v), scale);
    case 'array': return arrayText(v as readonly (ScalarValue | null)[], element, scale);
    case 'interval': {
      const i = v as IntervalValue;
      return `${i.months}m${i.days}d${i.micros}us`;
    }
    case 'float': return floatText(Number(v));
    case 'boolean': return v ? '1' : '0';
    case 'binary': return Buffer.from(v as Uint8Array).toString('hex');
    case 'uuid': return String(v).toLowerCase();
    case 'json': return jsonText(String(v));
    case 'timestamp':
    case 'timestamptz': return typeof v === 'bigint' ? timestampText(v) : String(v);
    default: return String(v);
  }
}

const TEXT_LIKE = new Set<LogicalType>(['string', 'json', 'array', 'enum']);

export function referenceField(spec: HashingSpec, logical: LogicalType, v: ReferenceValue, scale?: number, element?: LogicalType): string {
  if (v === null) return spec.nullSentinel;
  const c = canonicalValue(logical, v, scale, element);
  if (!TEXT_LIKE.has(logical)) return c;
  return c.split(spec.escape).join(spec.escape + spec.escape).split(spec.separator).join(spec.escape + spec.separator);
}

export function referenceRowHash(spec: HashingSpec, fields: readonly string[]): string {
  return createHash('md5').update(fields.join(spec.separator), 'utf8').digest('hex');
}

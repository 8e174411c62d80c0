// Splits a canonical key text (key fields joined by the spec's separator) back into per-column values:
// the inverse of the escaping in core/hashing/compile.ts. NULL fields come back as null.
import type { HashingSpec } from '../hashing/spec.js';

export function splitKeyText(text: string, spec: Pick<HashingSpec, 'escape' | 'separator' | 'nullSentinel'>): (string | null)[] {
  const out: (string | null)[] = [];
  let cur = '';
  let raw = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === spec.escape && i + 1 < text.length) {
      const next = text[i + 1]!;
      raw += c + next;
      cur += next === spec.escape || next === spec.separator ? next : c + next;
      i++;
    } else if (c === spec.separator) {
      out.push(raw === spec.nullSentinel ? null : cur);
      cur = '';
      raw = '';
    } else {
      cur += c;
      raw += c;
    }
  }
  out.push(raw === spec.nullSentinel ? null : cur);
  return out;
}

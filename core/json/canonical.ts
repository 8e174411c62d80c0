// Canonical JSON (RFC 8785, JCS) and sha256 digests: the one place the project turns values into
// bytes it signs or hashes. Inputs are treated as hostile: non-JSON values are refused, not coerced.
import { createHash } from 'node:crypto';
import canonicalizeImpl from 'canonicalize';
import { CopilotError } from '../errors.js';

const canonicalize = canonicalizeImpl as unknown as (value: unknown) => string | undefined;

function assertJsonValue(value: unknown, pointer: string, seen: Set<object>): void {
  if (value === null) return;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CopilotError('INPUT_INVALID', `not canonical JSON at ${pointer || '/'}: ${value} is not a finite number`);
      }
      return;
    case 'object': {
      if (seen.has(value)) throw new CopilotError('INPUT_INVALID', `not canonical JSON at ${pointer || '/'}: cycle`);
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((v, i) => assertJsonValue(v, `${pointer}/${i}`, seen));
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          throw new CopilotError('INPUT_INVALID', `not canonical JSON at ${pointer || '/'}: not a plain object`);
        }
        for (const [k, v] of Object.entries(value)) {
          if (v === undefined) continue;
          assertJsonValue(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, seen);
        }
      }
      seen.delete(value);
      return;
    }
    default:
      throw new CopilotError('INPUT_INVALID', `not canonical JSON at ${pointer || '/'}: ${typeof value} is not a JSON value`);
  }
}

/** RFC 8785 canonical form of a JSON value. */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value, '', new Set());
  const out = canonicalize(value);
  if (out === undefined) throw new CopilotError('INPUT_INVALID', 'not canonical JSON: value has no JSON form');
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of the canonical JSON of a value: how policy_version and artifact digests are made. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

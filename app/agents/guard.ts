// The runtime half of the agents' boundary (the lint half is eslint.config.js, app/agents/**): a
// context is accepted only when it is plain data (objects, arrays, strings, numbers, booleans, null),
// so no connection, client, function, stream or file handle can ride in; it is copied and deep-frozen
// before an agent sees it, so an agent cannot write through it either.
import { CopilotError } from '../../core/errors.js';

function describe(path: string, what: string): CopilotError {
  return new CopilotError('INTERNAL', `agent context ${path || '(root)'} holds ${what}; an agent's context is plain data only (no connection, client, secret or file handle)`);
}

/** Throws unless `value` is plain JSON-like data. */
export function assertPlainData(value: unknown, path = ''): void {
  if (value === null) return;
  const t = typeof value;
  if (t === 'string' || t === 'boolean') return;
  if (t === 'number') {
    if (!Number.isFinite(value as number)) throw describe(path, 'a non-finite number');
    return;
  }
  if (t === 'function') throw describe(path, 'a function');
  if (t !== 'object') throw describe(path, `a ${t}`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlainData(v, `${path}/${i}`));
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw describe(path, `an instance of ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}`);
  }
  for (const k of Object.keys(value as object)) assertPlainData((value as Record<string, unknown>)[k], `${path}/${k}`);
}

function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value as object)) freezeDeep(v);
    Object.freeze(value);
  }
  return value;
}

/** A frozen copy of plain data: the only form a context reaches an agent in. */
export function sealContext<T>(data: T): T {
  assertPlainData(data);
  return freezeDeep(structuredClone(data));
}

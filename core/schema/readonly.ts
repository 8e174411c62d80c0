// The boundary where raw parsed input becomes domain data: after a document passed its schema it is
// deep-frozen, so nothing downstream can mutate what was validated (STYLE.md practice 4).

export type DeepReadonly<T> =
  T extends (infer U)[] ? readonly DeepReadonly<U>[]
    : T extends readonly (infer U)[] ? readonly DeepReadonly<U>[]
      : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;

/** Deep-freezes a JSON value in place and returns it typed read-only. */
export function toReadonly<T>(value: T): DeepReadonly<T> {
  freeze(value, new Set());
  return value as DeepReadonly<T>;
}

function freeze(value: unknown, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  Object.freeze(value);
  for (const v of Object.values(value)) freeze(v, seen);
}

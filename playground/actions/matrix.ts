// A job's strategy.matrix as GitHub expands it: the cross product of the keys' lists, minus each
// `exclude` that matches, then each `include` merged into the combinations it does not contradict (or
// added as a combination of its own). A matrix written as an expression (fromJSON of an earlier job's
// output) is evaluated first by the caller.
import type { Value } from './expressions.js';

export type Combination = Record<string, Value>;

function matches(combo: Combination, partial: Record<string, Value>): boolean {
  return Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v));
}

export function expandMatrix(matrix: Record<string, Value> | null | undefined): Combination[] {
  if (!matrix || typeof matrix !== 'object') return [{}];
  const { include, exclude, ...axes } = matrix;
  let combos: Combination[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) throw new Error(`strategy.matrix.${key} must be a list`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  if (Array.isArray(exclude)) combos = combos.filter((c) => !exclude.some((e) => e && typeof e === 'object' && !Array.isArray(e) && matches(c, e)));
  const originals = Object.keys(axes);
  for (const inc of Array.isArray(include) ? include : []) {
    if (!inc || typeof inc !== 'object' || Array.isArray(inc)) continue;
    const fitting = combos.filter((c) => originals.every((k) => !(k in inc) || JSON.stringify(c[k]) === JSON.stringify(inc[k])));
    if (fitting.length > 0 && originals.length > 0) for (const c of fitting) Object.assign(c, inc);
    else combos.push({ ...inc });
  }
  return combos.length === 0 ? [{}] : combos;
}

/** The job's display name for one combination, as GitHub shows it: "execute (1, 4)". */
export function matrixJobName(base: string, combo: Combination): string {
  const values = Object.values(combo).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  return values.length === 0 ? base : `${base} (${values.join(', ')})`;
}

// Which characters of a hashed key make its tail, the first pass's segments (core/hashing/compile.ts): chosen
// from a sample of the keys' canonical text, so keys that end alike (e-mail addresses, a constant suffix)
// spread by their first characters. Only speed depends on the choice: both sides compile the same shape, so
// a key falls in the same tail on both whichever is chosen.
import { DEFAULT_TAIL_SHAPE, inKeyTail, tailSlices, type TailShape } from '../hashing/compile.js';
import type { HashColumn } from '../hashing/types.js';

/** Tried in this order; a later one must spread the sample further to be chosen. */
export const TAIL_SHAPES: readonly TailShape[] = [DEFAULT_TAIL_SHAPE, { head: 2, tail: 2 }, { head: 3, tail: 0 }];

/**
 * Distinct tails in the sample beyond which a shape spreads enough: 10,000 keys spread over 4096 tails
 * show about 3,700 distinct ones, and more tails than that only cost the grouped pass more.
 */
export const ENOUGH_TAILS = 2000;

/** A field's part of the tail, as the engines compute it from tailSlices (code points, from either end). */
export function fieldTailText(c: HashColumn, text: string, shape: TailShape): string {
  const cps = [...text];
  return tailSlices(c, shape).map((x) => {
    const from = x.fromEnd === undefined ? 0 : Math.max(0, cps.length - x.fromEnd);
    return cps.slice(from, from + x.length).join('');
  }).join('');
}

/** The key tail of one sampled key (its canonical key fields, in key order). */
export function keyTailText(key: readonly HashColumn[], fields: readonly string[], shape: TailShape): string {
  return key.map((c, i) => (inKeyTail(c, i) ? fieldTailText(c, fields[i]!, shape) : '')).join('');
}

/** The shape that spreads the sampled keys the most, up to ENOUGH_TAILS; the earlier shape on a tie. */
export function chooseTailShape(key: readonly HashColumn[], sample: readonly (readonly string[])[]): TailShape {
  let best = DEFAULT_TAIL_SHAPE;
  let bestScore = -1;
  for (const shape of TAIL_SHAPES) {
    const tails = new Set<string>();
    for (const fields of sample) {
      tails.add(keyTailText(key, fields, shape));
      if (tails.size >= ENOUGH_TAILS) break;
    }
    if (tails.size > bestScore) {
      best = shape;
      bestScore = tails.size;
    }
  }
  return best;
}

// The role assignment fills as many roles as any assignment could: checked against brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maximumMatching } from '../../../core/approvals/matching.js';

function bruteForce(slots: number, candidates: number, edge: (s: number, c: number) => boolean): number {
  const best = (s: number, used: Set<number>): number => {
    if (s === slots) return 0;
    let b = best(s + 1, used);
    for (let c = 0; c < candidates; c++) {
      if (used.has(c) || !edge(s, c)) continue;
      used.add(c);
      b = Math.max(b, 1 + best(s + 1, used));
      used.delete(c);
    }
    return b;
  };
  return best(0, new Set());
}

describe('maximumMatching', () => {
  it('fills as many slots as brute force, each candidate once, only along edges', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
      (slots, candidates, bits) => {
        const edge = (s: number, c: number) => bits[s * 6 + c]!;
        const m = maximumMatching(slots, candidates, edge);
        expect(m.size).toBe(bruteForce(slots, candidates, edge));
        expect(new Set(m.values()).size).toBe(m.size);
        for (const [s, c] of m) expect(edge(s, c)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('is deterministic: earlier slots take earlier candidates when nothing forces otherwise', () => {
    const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);
    expect(sorted(maximumMatching(2, 3, () => true))).toEqual([[0, 0], [1, 1]]);
    // slot 1 can only use candidate 0, so slot 0 moves to candidate 1
    expect(sorted(maximumMatching(2, 2, (s, c) => s === 0 || c === 0))).toEqual([[0, 1], [1, 0]]);
  });
});

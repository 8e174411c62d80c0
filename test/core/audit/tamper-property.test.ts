// Any single change to a chain is caught once the head hash is pinned: random chains, random tampers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryHash, headHash, type AuditEntry } from '../../../core/audit/entry.js';
import { verifyChain } from '../../../core/audit/verify.js';
import { chainOf } from './fixtures.js';

type Op = { kind: 'edit' | 'rehash' | 'drop' | 'duplicate' | 'move'; at: number; to: number };

function tamper(chain: AuditEntry[], op: Op): AuditEntry[] {
  const c = [...chain];
  const at = op.at % c.length;
  const to = op.to % c.length;
  switch (op.kind) {
    case 'edit': c[at] = { ...c[at]!, subject: `${c[at]!.subject}!` }; break;
    case 'rehash': { const { hash: _h, ...body } = { ...c[at]!, actor: 'mallory' }; c[at] = { ...body, hash: entryHash(body) }; break; }
    case 'drop': c.splice(at, 1); break;
    case 'duplicate': c.splice(at, 0, c[at]!); break;
    case 'move': { if (at === to) return []; const [e] = c.splice(at, 1); c.splice(to, 0, e!); break; }
  }
  return c;
}

describe('verifyChain against random tampering', () => {
  it('rejects every tampered chain when the head hash is known', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.record({ kind: fc.constantFrom('edit', 'rehash', 'drop', 'duplicate', 'move'), at: fc.nat(), to: fc.nat() }) as fc.Arbitrary<Op>,
      (n, op) => {
        const chain = chainOf(n);
        const changed = tamper(chain, op);
        if (changed.length === 0 && op.kind === 'move') return; // moving an entry onto itself changes nothing
        const verdict = verifyChain(changed, { expectedHead: headHash(chain) });
        expect(verdict.ok).toBe(false);
      },
    ), { numRuns: 300 });
  });
});

import { describe, expect, it } from 'vitest';
import { appendEntry, entryHash, GENESIS_HASH, headHash, type AuditEntry } from '../../../core/audit/entry.js';
import { verifyChain, type ChainProblem } from '../../../core/audit/verify.js';
import { canonicalJson, sha256Hex } from '../../../core/json/canonical.js';
import { CopilotError } from '../../../core/errors.js';
import { chainOf, PROJECT } from './fixtures.js';

describe('appendEntry', () => {
  it('numbers from 1, links each entry to the previous hash, and hashes prev_hash || canonical(entry without hash)', () => {
    const chain = chainOf(3);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(chain[1]!.prev_hash).toBe(chain[0]!.hash);
    const { hash, ...body } = chain[2]!;
    expect(hash).toBe(sha256Hex(body.prev_hash + canonicalJson(body)));
    expect(headHash(chain)).toBe(hash);
    expect(headHash([])).toBe(GENESIS_HASH);
  });

  it('is pure: the input chain is not changed and the time is the one given', () => {
    const chain = chainOf(2);
    const copy = structuredClone(chain);
    const next = appendEntry(chain, { project_id: PROJECT, actor: 'a', action: 'x', subject: 's', reasoning: '', refs: {} }, '2026-01-01T00:00:00Z');
    expect(chain).toEqual(copy);
    expect(next).toHaveLength(3);
    expect(next[2]!.ts).toBe('2026-01-01T00:00:00Z');
  });

  it.each([
    [{ project_id: 'other' }, '2026-01-01T00:00:00Z', 'cannot join the chain of project'],
    [{}, 'yesterday', 'not an ISO 8601 time'],
  ])('refuses %j at %s', (over, ts, message) => {
    const input = { project_id: PROJECT, actor: 'a', action: 'x', subject: 's', reasoning: '', refs: {}, ...over };
    expect(() => appendEntry(chainOf(1), input, ts)).toThrow(CopilotError);
    expect(() => appendEntry(chainOf(1), input, ts)).toThrow(message);
  });
});

/** Re-hashes an entry after a change, as a forger who knows the scheme would. */
const rehash = (e: Omit<AuditEntry, 'hash'>): AuditEntry => ({ ...e, hash: entryHash(e) });

type Tamper = (c: AuditEntry[]) => AuditEntry[];

// Each row: how the chain of 5 was tampered with, which kind of damage, the position and seq named.
const TAMPERS: [string, Tamper, ChainProblem, number, number, string][] = [
  ['an entry edited', (c) => c.map((e, i) => (i === 2 ? { ...e, reasoning: 'nothing to see' } : e)),
    'edited', 2, 3, 'edited: hash mismatch at seq 3'],
  ['an entry edited and re-hashed', (c) => c.map((e, i) => (i === 2 ? rehash({ ...e, actor: 'mallory' }) : e)),
    'inserted', 3, 4, 'inserted: prev_hash does not link to seq 3'],
  ['its hash edited', (c) => c.map((e, i) => (i === 1 ? { ...e, hash: 'f'.repeat(64) } : e)),
    'edited', 1, 2, 'edited: hash mismatch at seq 2'],
  ['an entry dropped', (c) => c.filter((_, i) => i !== 2), 'dropped', 2, 4, 'dropped: seq gap, seq 3 is missing before seq 4'],
  ['the first entry dropped', (c) => c.slice(1), 'genesis', 0, 2, 'bad genesis: the first entry has seq 2'],
  ['a foreign entry inserted', (c) => [...c.slice(0, 2), rehash({ ...c[2]!, prev_hash: 'a'.repeat(64), reasoning: 'forged' }), ...c.slice(3)],
    'inserted', 2, 3, 'inserted: prev_hash does not link to seq 2'],
  ['a linking entry inserted without renumbering', (c) => [...c.slice(0, 2), rehash({ ...c[2]!, reasoning: 'forged' }), ...c.slice(2)],
    'inserted', 2, 3, 'inserted: seq 3 is not part of the chain'],
  ['two entries swapped', (c) => [c[0]!, c[2]!, c[1]!, c[3]!, c[4]!], 'reordered', 1, 3, 'reordered: seq 3 comes before seq 2'],
  ['an entry moved back', (c) => [c[0]!, c[1]!, c[3]!, c[4]!, c[2]!], 'reordered', 2, 4, 'reordered: seq 4 comes before seq 3'],
  ['the last two swapped', (c) => [c[0]!, c[1]!, c[2]!, c[4]!, c[3]!], 'reordered', 3, 5, 'reordered: seq 5 comes before seq 4'],
  ['an entry duplicated', (c) => [...c.slice(0, 3), c[2]!, ...c.slice(3)], 'duplicated', 3, 3, 'duplicated: seq 3 repeats the entry at position 3'],
  ['the genesis duplicated', (c) => [c[0]!, c[0]!, ...c.slice(1)], 'duplicated', 1, 1, 'duplicated: seq 1'],
  ['a genesis with a non-zero prev_hash', (c) => [rehash({ ...c[0]!, prev_hash: '1'.repeat(64) }), ...c.slice(1)],
    'genesis', 0, 1, 'bad genesis: the first entry\'s prev_hash is not 64 zeros'],
  ['an entry of another project', (c) => c.map((e, i) => (i === 4 ? rehash({ ...e, project_id: 'other' }) : e)),
    'project', 4, 5, 'belongs to project other'],
];

describe('verifyChain', () => {
  it.each([0, 1, 5])('accepts an untouched chain of %i entries', (n) => {
    const chain = chainOf(n);
    expect(verifyChain(chain)).toEqual({ ok: true, count: n, head_hash: headHash(chain) });
  });

  it.each(TAMPERS)('names the first bad entry when %s', (_name, tamper, problem, index, seq, message) => {
    const verdict = verifyChain(tamper(chainOf(5)));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect([verdict.problem, verdict.index, verdict.seq]).toEqual([problem, index, seq]);
    expect(verdict.message).toContain(message);
  });

  it.each([
    ['an entry appended past the recorded head', (c: AuditEntry[]) => appendEntry(c, { ...c[0]!, reasoning: 'late' }, '2026-12-01T00:00:00Z')],
    ['the last entry dropped', (c: AuditEntry[]) => c.slice(0, -1)],
  ])('catches %s with the recorded head hash', (_name, tamper) => {
    const chain = chainOf(4);
    const verdict = verifyChain(tamper(chain), { expectedHead: headHash(chain) });
    expect(verdict).toMatchObject({ ok: false, problem: 'head', seq: undefined });
    expect(verifyChain(chain, { expectedHead: headHash(chain) }).ok).toBe(true);
  });

  it('checks the project id it is told', () => {
    expect(verifyChain(chainOf(2), { projectId: 'other' })).toMatchObject({ ok: false, problem: 'project', index: 0 });
  });
});

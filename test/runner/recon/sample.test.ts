// compareSampleStreams: two sides' sampled rows, each ordered by the sample's hash ordinal `p`, merged as
// streams; rows of equal ordinal compared as a group; every key that differs or is on one side only named.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../runner/connectors/connection.js';
import { compareSampleStreams } from '../../../runner/recon/sample.js';

async function* batches(rows: Row[], size: number): AsyncGenerator<Row[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

const row = (p: number, k: string, h = `v${k}`): Row => ({ p: String(p), k, h });

describe('compareSampleStreams', () => {
  it('names missing, extra and changed rows across batch boundaries, ordinals shared by two keys included', async () => {
    const source = [row(1, 'a'), row(5, 'b'), row(5, 'c'), row(9, 'd'), row(12, 'e')];
    const target = [row(1, 'a'), row(5, 'c'), row(5, 'b', 'changed'), row(7, 'x'), row(12, 'e')];
    const r = await compareSampleStreams(batches(source, 2), batches(target, 3));
    expect(r).toEqual({ sourceRows: 5, targetRows: 5, differing: ['b', 'x', 'd'] });
  });

  it('compares ordinals numerically, as the engines order them', async () => {
    const rows = [row(9, 'a'), row(10, 'b'), row(4294967295, 'c')];
    expect(await compareSampleStreams(batches(rows, 1), batches([...rows], 2))).toEqual({ sourceRows: 3, targetRows: 3, differing: [] });
  });

  it('closes the other side (its cursor) when one side fails mid-stream', async () => {
    let closed = false;
    async function* target(): AsyncGenerator<Row[]> {
      try {
        yield [row(1, 'a')];
        yield [row(2, 'b')];
      } finally {
        closed = true;
      }
    }
    async function* failing(): AsyncGenerator<Row[]> {
      yield [row(1, 'a')];
      yield [row(3, 'c')];
      throw new Error('connection reset');
    }
    await expect(compareSampleStreams(failing(), target())).rejects.toThrow('connection reset');
    expect(closed).toBe(true);
  });
});

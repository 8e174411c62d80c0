// PartSpool: a chunk's CSV cut into part files between the source's buffers, each handed over once complete,
// in batches of every part complete when the reader asks, the source read no further than `ahead` parts
// beyond the reader (back-pressure), its failure thrown where the reader reaches it, and every file gone
// after discard (also when the reader stopped half-way).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartSpool, type FilePart } from '../../../runner/connectors/spool.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'mc-spool-test-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** `n` buffers of `size` bytes ("row k" lines), counting how many the spool has pulled. */
function source(n: number, size: number, failAt?: number): { chunks: AsyncIterable<Buffer>; pulled: () => number } {
  let pulled = 0;
  return {
    pulled: () => pulled,
    chunks: (async function* () {
      for (let k = 0; k < n; k++) {
        if (k === failAt) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
        pulled++;
        yield Buffer.from(`row ${k}\n`.padStart(size, 'x'));
      }
    })(),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('PartSpool', () => {
  it('cuts parts of about partBytes between buffers, in order, and keeps every byte', async () => {
    const s = source(10, 100);
    const spool = new PartSpool(s.chunks, dir, 'chunk-3', 250, 4);
    const texts: string[] = [];
    const parts: FilePart[] = [];
    for await (const batch of spool.parts()) {
      for (const p of batch) {
        parts.push(p);
        texts.push(await readFile(p.path, 'utf8'));
      }
    }
    expect(parts.map((p) => p.bytes)).toEqual([300, 300, 300, 100]);
    expect(parts.map((p) => p.path.slice(dir.length + 1))).toEqual(['chunk-3-0000.csv', 'chunk-3-0001.csv', 'chunk-3-0002.csv', 'chunk-3-0003.csv']);
    expect(texts.join('')).toBe(Array.from({ length: 10 }, (_, k) => `row ${k}\n`.padStart(100, 'x')).join(''));
    // A batch's parts are removed once the next batch is taken; the last when the spool is discarded.
    expect(existsSync(parts[0]!.path)).toBe(false);
    await spool.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads the source no further than `ahead` parts beyond its reader', async () => {
    const s = source(100, 100);
    const spool = new PartSpool(s.chunks, dir, 'c', 100, 2);
    await tick();
    // Two parts wait, and the spool waits for its reader before it pulls another buffer.
    expect(s.pulled()).toBe(2);
    const it = spool.parts()[Symbol.asyncIterator]();
    // The reader takes both waiting parts at once; the source then fills the two places again.
    expect(((await it.next()).value as FilePart[]).map((p) => p.bytes)).toEqual([100, 100]);
    await tick();
    expect(s.pulled()).toBe(4);
    expect((await readdir(dir)).length).toBeLessThanOrEqual(4);
    // Taking the next batch removes the files of the one before.
    const second = (await it.next()).value as FilePart[];
    expect(second.map((p) => p.path.slice(dir.length + 1))).toEqual(['c-0002.csv', 'c-0003.csv']);
    expect(existsSync(join(dir, 'c-0000.csv'))).toBe(false);
    await spool.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('throws the source failure after the parts read before it, and resolves finished', async () => {
    const s = source(10, 100, 5);
    const spool = new PartSpool(s.chunks, dir, 'c', 200, 8);
    const got: number[] = [];
    await expect((async () => { for await (const b of spool.parts()) got.push(...b.map((p) => p.bytes)); })()).rejects.toThrow('Connection terminated unexpectedly');
    expect(got).toEqual([200, 200]);
    await spool.finished;
    await spool.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('cuts the first part at 1 MB so the writer starts early, the later ones at partBytes, every byte kept', async () => {
    const s = source(48, 64 << 10);
    const spool = new PartSpool(s.chunks, dir, 'c');
    const parts: FilePart[] = [];
    let text = '';
    for await (const b of spool.parts()) for (const p of b) { parts.push(p); text += await readFile(p.path, 'utf8'); }
    expect(parts.map((p) => p.bytes)).toEqual([1 << 20, 2 << 20]);
    expect(text).toBe(Array.from({ length: 48 }, (_, k) => `row ${k}\n`.padStart(64 << 10, 'x')).join(''));
    await spool.discard();
  });

  it('gives no part for an empty source', async () => {
    const spool = new PartSpool(source(0, 10).chunks, dir, 'c');
    const got: FilePart[] = [];
    for await (const b of spool.parts()) got.push(...b);
    expect(got).toEqual([]);
    await spool.discard();
  });
});

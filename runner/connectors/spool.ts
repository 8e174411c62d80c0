// A chunk's CSV spooled to local files, streamed (never held in memory): what DuckDB's read_csv loads, and
// what lets the copy step read from the source while the writer loads what was read before.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** One part of a chunk's CSV on disk. */
export interface FilePart {
  readonly path: string;
  readonly bytes: number;
}

/**
 * A chunk's CSV spooled into part files of about `partBytes` each (cut between the source's buffers, which
 * never split a row), written while the parts before them are loaded: the writer inserts part k while
 * part k+1 is read from the source, so a big chunk does not wait for its whole read. At most `ahead`
 * finished parts wait on disk; the source is not read further until one is taken (its socket then pauses:
 * pg-copy.ts). A part is removed once the next is taken, and every file by `discard`. 32 MB parts: DuckDB
 * scans a CSV file in 8 MB ranges, one per thread, and 8 MB parts measured slower (each INSERT one thread).
 */
export class PartSpool {
  private readonly ready: FilePart[] = [];
  private taken: FilePart | undefined;
  private ended = false;
  private stopped = false;
  private failure: unknown;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;
  /** Resolves when the source is read to its end, fails, or is stopped; never rejects. */
  readonly finished: Promise<void>;

  constructor(chunks: AsyncIterable<Buffer>, private readonly dir: string, private readonly name: string, private readonly partBytes = 32 << 20, private readonly ahead = 2) {
    this.finished = this.produce(chunks);
  }

  private notify(): void {
    const r = this.wakeReader;
    this.wakeReader = undefined;
    r?.();
  }

  private async produce(chunks: AsyncIterable<Buffer>): Promise<void> {
    let fh: Awaited<ReturnType<typeof open>> | undefined;
    let path = '';
    let bytes = 0;
    let n = 0;
    const finish = async () => {
      await fh!.close();
      fh = undefined;
      this.ready.push({ path, bytes });
      bytes = 0;
      this.notify();
    };
    try {
      for await (const c of chunks) {
        if (this.stopped) break;
        if (c.length === 0) continue;
        if (!fh) {
          path = join(this.dir, `${this.name}-${String(n++).padStart(4, '0')}.csv`);
          fh = await open(path, 'w');
        }
        for (let off = 0; off < c.length;) off += (await fh.write(c, off)).bytesWritten;
        bytes += c.length;
        if (bytes >= this.partBytes) {
          await finish();
          while (this.ready.length >= this.ahead && !this.stopped) await new Promise<void>((r) => { this.wakeWriter = r; });
          if (this.stopped) break;
        }
      }
      if (fh && !this.stopped) await finish();
      this.ended = true;
    } catch (e) {
      this.failure = e;
    } finally {
      // A part cut short (the source failed, or the spool was stopped) is never handed over.
      if (fh) {
        await fh.close().catch(() => undefined);
        await rm(path, { force: true });
      }
      this.notify();
    }
  }

  /** The parts in order, each as soon as it is complete; the source's failure is thrown where it happened. */
  async *parts(): AsyncIterable<FilePart> {
    for (;;) {
      if (this.taken) await rm(this.taken.path, { force: true });
      this.taken = undefined;
      const next = this.ready.shift();
      if (next) {
        this.taken = next;
        const w = this.wakeWriter;
        this.wakeWriter = undefined;
        w?.();
        yield next;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended || this.stopped) return;
      await new Promise<void>((r) => { this.wakeReader = r; });
    }
  }

  /** Stops reading the source (the rest of its stream is dropped as it comes) and removes every file. */
  async discard(): Promise<void> {
    this.stopped = true;
    const w = this.wakeWriter;
    this.wakeWriter = undefined;
    w?.();
    await this.finished;
    this.notify();
    await Promise.all([...this.ready, ...(this.taken ? [this.taken] : [])].map((p) => rm(p.path, { force: true })));
    this.ready.length = 0;
    this.taken = undefined;
  }
}

// A chunk's CSV spooled to local files, streamed (never held in memory): what DuckDB's read_csv loads, and
// what lets the copy step read from the source while the writer loads what was read before.
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** One part of a chunk's CSV on disk. */
export interface FilePart {
  readonly path: string;
  readonly bytes: number;
}

/** Bytes gathered before a write; at most MAX_IOV buffers in one writev (Linux's IOV_MAX is 1024). */
const WRITE_BYTES = 1 << 20;
const MAX_IOV = 512;

/** Writes every byte of `buffers` (a writev may write fewer than asked: the rest follows). */
async function writeAll(fh: FileHandle, buffers: Buffer[], total: number): Promise<void> {
  let written = (await fh.writev(buffers)).bytesWritten;
  if (written === total) return;
  const all = Buffer.concat(buffers, total);
  while (written < total) written += (await fh.write(all, written)).bytesWritten;
}

/** The first part is cut early, so the writer's first INSERT starts soon after the source's first rows. */
const FIRST_PART = 1 << 20;

/**
 * A chunk's CSV spooled into part files of about `partBytes` each (cut between the source's buffers, which
 * never split a row), written while the parts before them are loaded: the writer inserts what is on disk
 * while the source goes on, so a big chunk does not wait for its whole read. The reader takes every part
 * complete at that moment as one batch (`parts`): while it keeps up, a batch is one small part and the load
 * starts soon after the read; when it falls behind, its next batch is several parts, which DuckDB reads in
 * parallel in one INSERT. At most `ahead` finished parts wait on disk; the source is not read further until
 * a batch is taken (its socket then pauses: pg-copy.ts). A batch's files are removed once the next batch
 * is taken, and every file by `discard`.
 */
export class PartSpool {
  private readonly ready: FilePart[] = [];
  private taken: FilePart[] = [];
  private ended = false;
  private stopped = false;
  private failure: unknown;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;
  /** Resolves when the source is read to its end, fails, or is stopped; never rejects. */
  readonly finished: Promise<void>;

  constructor(chunks: AsyncIterable<Buffer>, private readonly dir: string, private readonly name: string, private readonly partBytes = 8 << 20, private readonly ahead = 8) {
    this.finished = this.produce(chunks);
  }

  private notify(): void {
    const r = this.wakeReader;
    this.wakeReader = undefined;
    r?.();
  }

  private async produce(chunks: AsyncIterable<Buffer>): Promise<void> {
    let fh: FileHandle | undefined;
    let path = '';
    let bytes = 0;
    let n = 0;
    // The source's buffers are small (what arrived since the last one was taken): they are gathered and
    // written WRITE_BYTES at a time with one writev, not one system call each.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes > 0) await writeAll(fh!, pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
    };
    const finish = async () => {
      await flush();
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
        pending.push(c);
        pendingBytes += c.length;
        bytes += c.length;
        // n parts are open or done: the first is cut at FIRST_PART.
        if (bytes >= (n === 1 ? Math.min(FIRST_PART, this.partBytes) : this.partBytes)) {
          await finish();
          while (this.ready.length >= this.ahead && !this.stopped) await new Promise<void>((r) => { this.wakeWriter = r; });
          if (this.stopped) break;
        } else if (pendingBytes >= WRITE_BYTES || pending.length >= MAX_IOV) {
          await flush();
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

  /** The parts in order, in batches of those complete when asked for; the source's failure is thrown where it happened. */
  async *parts(): AsyncIterable<readonly FilePart[]> {
    for (;;) {
      await Promise.all(this.taken.map((p) => rm(p.path, { force: true })));
      this.taken = [];
      if (this.ready.length > 0) {
        this.taken = this.ready.splice(0);
        const w = this.wakeWriter;
        this.wakeWriter = undefined;
        w?.();
        yield this.taken;
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
    await Promise.all([...this.ready, ...this.taken].map((p) => rm(p.path, { force: true })));
    this.ready.length = 0;
    this.taken = [];
  }
}

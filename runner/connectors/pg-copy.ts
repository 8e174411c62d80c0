// PostgreSQL COPY at the protocol level through pg's submittable queries (pg-copy-streams is not a
// dependency): `copyOut` yields the CopyData payloads of `COPY ... TO STDOUT` as they arrive, packed into
// slabs of SLAB bytes (one copy per payload out of the socket's buffers, no allocation per row), pausing
// the socket when more than HIGH_WATER bytes wait; `copyIn` feeds `COPY ... FROM STDIN` from an async
// iterable, writing each buffer to the socket behind its own 5-byte message header (no copy), honouring
// the socket's backpressure. Nothing is buffered beyond a few megabytes, so memory stays flat.
import type pg from 'pg';

type DataHandler = (buffer: Buffer) => void;

interface PgConnectionInternals {
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
  query(text: string): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** Bytes queued before the socket is paused. */
const HIGH_WATER = 8 << 20;
/** Rows are packed into buffers of this size (a larger row gets a buffer of its own). */
const SLAB = 1 << 20;
/** Backend message codes read while COPY OUT streams: CopyData, CopyOutResponse. */
const COPY_DATA = 0x64;
const COPY_OUT_RESPONSE = 0x48;

/**
 * Rows of COPY TO STDOUT, as raw payload buffers (one or more rows each, never split inside a row).
 *
 * PostgreSQL sends a row per CopyData message; pg's parser would make an object and an event of each (about
 * half a CPU second per million rows). While the COPY streams, the socket's bytes are read here instead:
 * pg's data listener is set aside when the query is submitted, CopyData payloads are copied straight into
 * the slabs, and at the first message of any other kind (CopyDone, an error, a notice) everything from that
 * message on is handed back to pg's parser, whose listener returns, so pg sees the end of the COPY, its
 * command tag and ReadyForQuery as always (the technique of pg-copy-streams' COPY TO).
 */
export function copyOut(client: pg.Client, sql: string): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      // Filled slabs wait in `queue`; the one being filled is slab[start, used), of which [start, complete)
      // holds whole messages: handed out parts are never written again (new rows go after `used`, or into a
      // fresh slab).
      const queue: Buffer[] = [];
      let slab = Buffer.allocUnsafe(0);
      let start = 0;
      let used = 0;
      let complete = 0;
      let done = false;
      let failure: unknown;
      let wake: (() => void) | undefined;
      let connection: PgConnectionInternals | undefined;
      let paused = false;
      let discard = false;
      let queued = 0;
      const notify = () => { const w = wake; wake = undefined; w?.(); };
      const pauseIfFull = () => { if (queued >= HIGH_WATER && connection && !paused) { paused = true; connection.stream.pause(); } };
      /** The payload copied so far is whole messages: it may be handed out. */
      const completed = () => {
        queued += used - complete;
        complete = used;
      };
      /** Room for a whole message of n payload bytes in the current slab. */
      const reserve = (n: number) => {
        if (used + n > slab.length) {
          if (complete > start) queue.push(slab.subarray(start, complete));
          slab = Buffer.allocUnsafe(Math.max(SLAB, n));
          start = used = complete = 0;
        }
      };

      // The raw reader's state between socket reads: a message header cut by a read, the message being read.
      let pgListener: DataHandler | undefined;
      const header = Buffer.alloc(5);
      let headerHave = 0;
      let code = 0;
      let left = 0;
      const handBack = (rest: Buffer) => {
        const stream = connection!.stream;
        stream.removeListener('data', onData);
        stream.on('data', pgListener!);
        pgListener!(rest);
      };
      const onData: DataHandler = (buf) => {
        let off = 0;
        const end = buf.length;
        while (off < end) {
          if (left > 0) {
            const n = Math.min(left, end - off);
            if (code === COPY_DATA && !discard) {
              buf.copy(slab, used, off, off + n);
              used += n;
            }
            off += n;
            left -= n;
            if (left === 0 && code === COPY_DATA && !discard) completed();
            continue;
          }
          let c: number;
          let length: number;
          let cut = false;
          if (headerHave === 0 && end - off >= 5) {
            c = buf[off]!;
            length = buf.readInt32BE(off + 1);
            off += 5;
          } else {
            // A header cut by the socket read: gathered across reads.
            const n = Math.min(5 - headerHave, end - off);
            buf.copy(header, headerHave, off, off + n);
            headerHave += n;
            off += n;
            if (headerHave < 5) break;
            headerHave = 0;
            cut = true;
            c = header[0]!;
            length = header.readInt32BE(1);
          }
          if (c !== COPY_DATA && c !== COPY_OUT_RESPONSE) {
            // The COPY's end, an error or a notice: pg reads this message and all after it.
            handBack(cut ? Buffer.concat([header, buf.subarray(off)]) : buf.subarray(off - 5));
            break;
          }
          code = c;
          left = length - 4;
          if (c === COPY_DATA && !discard) reserve(left);
        }
        if (complete > start || queue.length > 0) {
          pauseIfFull();
          notify();
        }
      };
      const submittable = {
        submit(conn: PgConnectionInternals) {
          connection = conn;
          // pg's parser is the socket's one data listener; anything else and the rows go through pg's parser.
          const listeners = conn.stream.listeners('data') as DataHandler[];
          if (listeners.length === 1) {
            pgListener = listeners[0];
            conn.stream.removeListener('data', pgListener!);
            conn.stream.on('data', onData);
          }
          conn.query(sql);
        },
        handleCopyData(msg: { chunk: Buffer }) {
          // Rows pg parsed itself (a notice came between them): copied, as pg reuses its receive buffer.
          if (discard) return;
          reserve(msg.chunk.length);
          msg.chunk.copy(slab, used);
          used += msg.chunk.length;
          completed();
          pauseIfFull();
          notify();
        },
        handleCommandComplete() {},
        handleReadyForQuery() { done = true; notify(); },
        handleError(e: unknown) { failure = e; done = true; notify(); },
        handleRowDescription() {}, handleDataRow() {}, handleEmptyQuery() {}, handlePortalSuspended() {},
        handleCopyInResponse(conn: PgConnectionInternals) { conn.sendCopyFail('not a COPY FROM'); },
      };
      (client as unknown as { query(s: unknown): void }).query(submittable);
      return {
        async next(): Promise<IteratorResult<Buffer>> {
          for (;;) {
            if (queue.length > 0 || complete > start) {
              // A filled slab, else every whole row of the current one: one await per batch of rows.
              let value: Buffer;
              if (queue.length > 0) value = queue.shift()!;
              else { value = slab.subarray(start, complete); start = complete; }
              queued -= value.length;
              if (paused && queued < HIGH_WATER / 2 && connection) { paused = false; connection.stream.resume(); }
              return { value, done: false };
            }
            if (failure !== undefined) throw failure;
            if (done) return { value: undefined, done: true };
            await new Promise<void>((r) => { wake = r; });
          }
        },
        async return(): Promise<IteratorResult<Buffer>> {
          // The consumer stopped early: the server still sends the rest, which is dropped as it comes.
          discard = true;
          queue.length = 0;
          start = used = complete;
          queued = 0;
          if (paused && connection) connection.stream.resume();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** Runs `COPY ... FROM STDIN` fed by `chunks`; resolves with the row count the server reports. */
export function copyIn(client: pg.Client, sql: string, chunks: AsyncIterable<Buffer>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let rows = 0;
    let failed: unknown;
    const submittable = {
      submit(conn: PgConnectionInternals) { conn.query(sql); },
      handleCopyInResponse(conn: PgConnectionInternals) {
        void (async () => {
          try {
            for await (const chunk of chunks) {
              if (failed !== undefined) return;
              if (chunk.length === 0) continue;
              // CopyData: 'd', then the length (itself included), then the bytes as they are.
              const header = Buffer.allocUnsafe(5);
              header[0] = 0x64;
              header.writeInt32BE(chunk.length + 4, 1);
              conn.stream.write(header);
              conn.stream.write(chunk);
              if (conn.stream.writableNeedDrain) await new Promise<void>((r) => conn.stream.once('drain', () => r()));
            }
            conn.endCopyFrom();
          } catch (e) {
            failed = e;
            conn.sendCopyFail('the source failed');
          }
        })();
      },
      handleCommandComplete(msg: { text: string }) { rows = Number(/(\d+)$/.exec(msg.text)?.[1] ?? 0); },
      handleReadyForQuery() { if (failed !== undefined) reject(failed); else resolve(rows); },
      handleError(e: unknown) { reject(failed ?? e); },
      handleCopyData() {}, handleRowDescription() {}, handleDataRow() {}, handleEmptyQuery() {}, handlePortalSuspended() {},
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

// PostgreSQL COPY at the protocol level through pg's submittable queries (pg-copy-streams is not a
// dependency): `copyOut` yields the CopyData payloads of `COPY ... TO STDOUT` as they arrive, packed into
// slabs of SLAB bytes (one copy per payload out of pg's receive buffer, no allocation per row), pausing
// the socket when more than HIGH_WATER bytes wait; `copyIn` feeds `COPY ... FROM STDIN` from an async
// iterable, writing each buffer to the socket behind its own 5-byte message header (no copy), honouring
// the socket's backpressure. Nothing is buffered beyond a few megabytes, so memory stays flat.
import type pg from 'pg';

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

/** Rows of COPY TO STDOUT, as raw payload buffers (one or more rows each, never split inside a row). */
export function copyOut(client: pg.Client, sql: string): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      // Filled slabs wait in `queue`; the one being filled is slab[start, used): handed out parts are
      // never written again (new rows go after `used`, or into a fresh slab).
      const queue: Buffer[] = [];
      let slab = Buffer.allocUnsafe(0);
      let start = 0;
      let used = 0;
      let done = false;
      let failure: unknown;
      let wake: (() => void) | undefined;
      let connection: PgConnectionInternals | undefined;
      let paused = false;
      let discard = false;
      let queued = 0;
      const notify = () => { const w = wake; wake = undefined; w?.(); };
      const submittable = {
        submit(conn: PgConnectionInternals) { connection = conn; conn.query(sql); },
        handleCopyData(msg: { chunk: Buffer }) {
          if (discard) return;
          // The payload is a view into pg's receive buffer, which the next socket read reuses: copy it.
          const n = msg.chunk.length;
          if (used + n > slab.length) {
            if (used > start) queue.push(slab.subarray(start, used));
            slab = Buffer.allocUnsafe(Math.max(SLAB, n));
            start = used = 0;
          }
          msg.chunk.copy(slab, used);
          used += n;
          queued += n;
          if (queued >= HIGH_WATER && connection && !paused) { paused = true; connection.stream.pause(); }
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
            if (queue.length > 0 || used > start) {
              // A filled slab, else every row of the current one: one await per batch of rows, not per row.
              let value: Buffer;
              if (queue.length > 0) value = queue.shift()!;
              else { value = slab.subarray(start, used); start = used; }
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
          start = used;
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

// PostgreSQL COPY at the protocol level through pg's submittable queries (pg-copy-streams is not a
// dependency): `copyOut` yields the CopyData payloads of `COPY ... TO STDOUT` as they arrive, batched (every
// row queued since the consumer last asked, in one buffer), pausing the socket when more than HIGH_WATER
// bytes wait; `copyIn` feeds `COPY ... FROM STDIN` from an async iterable, honouring the socket's
// backpressure. Nothing is buffered beyond a few megabytes, so memory stays flat.
import type pg from 'pg';

interface PgConnectionInternals {
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** Bytes queued before the socket is paused; the consumer takes everything queued at once. */
const HIGH_WATER = 8 << 20;

/** Rows of COPY TO STDOUT, as raw payload buffers (one or more rows each, never split inside a row). */
export function copyOut(client: pg.Client, sql: string): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      const queue: Buffer[] = [];
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
          queue.push(Buffer.from(msg.chunk));
          queued += msg.chunk.length;
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
            if (queue.length > 0) {
              // Every payload queued so far in one buffer: one await per batch of rows, not per row.
              const value = queue.length === 1 ? queue[0]! : Buffer.concat(queue);
              queue.length = 0;
              queued = 0;
              if (paused && connection) { paused = false; connection.stream.resume(); }
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
              conn.sendCopyFromChunk(chunk);
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

// One batch of read-ahead: the next batch is requested from the source while the consumer works on the
// current one (an INSERT round trip, a CSV conversion), so the two overlap. At most one batch waits.
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      // A failure of the batch read ahead surfaces when it is awaited; until then it must not be unhandled.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

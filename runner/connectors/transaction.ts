// One transaction around a unit of work, the same for every SQL writer: begin, the work, commit; on any
// failure a rollback (its own failure ignored: the connection may be gone) and the work's error.
export async function inTransaction<T>(
  run: (sql: string) => Promise<unknown>, rollback: () => Promise<unknown>, begin: string, work: () => Promise<T>,
): Promise<T> {
  await run(begin);
  try {
    const result = await work();
    await run('COMMIT');
    return result;
  } catch (e) {
    await rollback().catch(() => undefined);
    throw e;
  }
}

// What every SQL writer shares, written once: statements in one transaction, a read-only scalar, and the
// chunk load (in one transaction: delete the chunk's key range from staging, then the engine's bulk load
// of the chunk), each write checking its grant first. A writer supplies its session (how to run a
// statement, roll back, begin) and the one part that differs: how a chunk's rows get into staging.
import type { Dialect } from '../../core/dialects/index.js';
import { deleteRangeSql } from '../../core/plan/write-sql.js';
import { assertGrant } from '../gate/write-grant.js';
import { inTransaction } from './transaction.js';
import type { ChunkLoad, WriteConnection } from './writer.js';

export interface SqlSession {
  readonly dialect: Dialect;
  run(sql: string): Promise<unknown>;
  /** ROLLBACK without error mapping (the connection may be gone). */
  rollback(): Promise<unknown>;
  readonly begin: string;
  /** Begins a transaction a scalar runs in; it is always rolled back. */
  readonly beginReadOnly: string;
  /** The first value of the first row of a query, or undefined. */
  first(sql: string): Promise<unknown>;
}

export type SqlWrites = Pick<WriteConnection, 'scalar' | 'transaction' | 'loadChunk'>;

/** `bulkLoad` runs inside the chunk's transaction, after the range delete; it returns the rows loaded. */
export function sqlWrites(s: SqlSession, bulkLoad: (load: ChunkLoad) => Promise<number>): SqlWrites {
  const transaction = <T>(work: () => Promise<T>): Promise<T> => inTransaction((sql) => s.run(sql), () => s.rollback(), s.begin, work);
  return {
    async scalar(sql) {
      await s.run(s.beginReadOnly);
      let v: unknown;
      try {
        v = await s.first(sql);
      } finally {
        await s.rollback().catch(() => undefined);
      }
      return v === null || v === undefined ? null : String(v);
    },
    async transaction(grant, statements) {
      assertGrant(grant);
      await transaction(async () => { for (const st of statements) await s.run(st); });
    },
    async loadChunk(grant, load) {
      assertGrant(grant);
      return transaction(async () => {
        await s.run(deleteRangeSql(s.dialect, load.staging, load.key, load.range));
        return bulkLoad(load);
      });
    },
  };
}

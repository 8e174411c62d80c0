// Rollback of a Parquet directory target: each table a copy step replaced is swapped back by directory
// renames, one target at a time. The current directory becomes <t>__v<N>_rolled_back, then the kept
// <t>__v<N>_replaced takes its name again; when the plan created the table (its kept directory is empty)
// the table goes away again, in the one rename. Each rename is atomic, and every state between them is
// recognised: a rollback interrupted after the first rename (rolled-back and kept directories present, the
// table's absent) is finished by the next one, never refused or done twice.
import { existsSync } from 'node:fs';
import { readdir, rename, rmdir } from 'node:fs/promises';
import { CopilotError } from '../../core/errors.js';
import type { TableName } from '../../core/dialects/index.js';
import { replacedTable, rolledBackTable } from '../../core/plan/write-sql.js';
import type { WriteGrant } from '../connectors/connection.js';
import { parquetTableFolder } from '../connectors/parquet-writer.js';
import { assertGrant } from '../gate/write-grant.js';

export type ParquetRollback = 'swapped' | 'removed' | 'finished' | 'nothing kept';

/** Swaps `target` of the Parquet directory `dir` back to what plan v<version> replaced. */
export async function rollbackParquetTable(grant: WriteGrant, dir: string, target: TableName, version: number): Promise<ParquetRollback> {
  assertGrant(grant);
  const current = parquetTableFolder(dir, target);
  const kept = parquetTableFolder(dir, replacedTable(target, version));
  const rolled = parquetTableFolder(dir, rolledBackTable(target, version));
  if (!existsSync(kept)) return 'nothing kept';
  if (existsSync(rolled)) {
    if (existsSync(current)) {
      throw new CopilotError('PLAN_REFUSED', `${rolled} exists already: plan/v${version} was rolled back before`, { hint: 'move it away first if you really mean to roll back again' });
    }
    await rename(kept, current);
    return 'finished';
  }
  const empty = (await readdir(kept)).length === 0;
  if (existsSync(current)) await rename(current, rolled);
  if (empty) {
    await rmdir(kept);
    return 'removed';
  }
  await rename(kept, current);
  return 'swapped';
}

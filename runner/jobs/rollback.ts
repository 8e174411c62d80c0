// `rollback --tag plan/vN`: after the same plan gate as execute, every table a copy step of plan v<N>
// replaced is swapped back in one transaction: the current table becomes <t>__v<N>_rolled_back and the
// kept <t>__v<N>_replaced takes its name again. Tables without a kept copy are named and left alone. A
// Parquet directory target has no transactions: each table is swapped back by directory renames
// (rollback-parquet.ts).
import { CopilotError } from '../../core/errors.js';
import { parseTable, tableText } from '../../core/plan/tables.js';
import { replacedTable, rollbackSql, rolledBackTable } from '../../core/plan/write-sql.js';
import { openWriter } from '../connectors/open-writer.js';
import { Redactor } from '../secrets/redact.js';
import type { WriteGrant } from '../connectors/connection.js';
import { connectionUri, gateAndFiles } from './execute.js';
import type { PlanFiles } from './plan-files.js';
import { rollbackParquetTable } from './rollback-parquet.js';

export interface RollbackInput {
  readonly repoDir: string;
  readonly version: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
}

export async function rollback(input: RollbackInput): Promise<string[]> {
  input.out(`plan gate for plan/v${input.version}:`);
  const { grant, files } = await gateAndFiles(input);
  const writer = await openWriter(connectionUri(files, 'target'), input.env, new Redactor());
  try {
    if (writer.location.startsWith('parquet:')) return await rollbackParquet(input, files, grant('rollback'), writer.location.slice('parquet:'.length));
    const statements: string[] = [];
    const swapped: string[] = [];
    for (const targetTable of copiedTargets(files)) {
      const target = parseTable(targetTable);
      const replaced = replacedTable(target, input.version);
      if (!(await writer.tableExists(replaced))) {
        input.out(`  ${targetTable}: no ${tableText(replaced)} kept; left as it is`);
        continue;
      }
      const rolled = rolledBackTable(target, input.version);
      if (await writer.tableExists(rolled)) {
        throw new CopilotError('PLAN_REFUSED', `${tableText(rolled)} exists already: plan/v${input.version} was rolled back before`, { hint: 'drop or rename it first if you really mean to roll back again' });
      }
      statements.push(...rollbackSql(writer.dialect, target, replaced, rolled));
      swapped.push(targetTable);
    }
    if (statements.length > 0) await writer.transaction(grant('rollback'), statements);
    for (const t of swapped) input.out(`  ${t}: swapped back (what plan/v${input.version} wrote is kept as ${tableText(rolledBackTable(parseTable(t), input.version))})`);
    return swapped;
  } finally {
    await writer.close();
  }
}

/** The tables the plan's copy steps write, the last written first, each once: the order a rollback undoes them. */
function copiedTargets(files: PlanFiles): string[] {
  const out: string[] = [];
  for (const step of [...files.plan.steps].reverse()) {
    if (step.kind === 'copy_table' && !out.includes(step.target_table)) out.push(step.target_table);
  }
  return out;
}

async function rollbackParquet(input: RollbackInput, files: PlanFiles, grant: WriteGrant, dir: string): Promise<string[]> {
  const swapped: string[] = [];
  for (const targetTable of copiedTargets(files)) {
    const target = parseTable(targetTable);
    const done = await rollbackParquetTable(grant, dir, target, input.version);
    const rolled = tableText(rolledBackTable(target, input.version));
    if (done === 'nothing kept') {
      input.out(`  ${targetTable}: no ${tableText(replacedTable(target, input.version))} kept; left as it is`);
      continue;
    }
    swapped.push(targetTable);
    input.out(done === 'removed' ? `  ${targetTable}: removed (plan/v${input.version} created it; what it wrote is kept as ${rolled})`
      : `  ${targetTable}: swapped back${done === 'finished' ? ' (finishing an interrupted rollback)' : ''} (what plan/v${input.version} wrote is kept as ${rolled})`);
  }
  return swapped;
}

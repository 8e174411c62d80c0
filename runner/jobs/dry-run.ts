// What --dry-run prints: each step with the rows it would move (the discovery snapshot's estimate) and
// the chunks they would be cut into. It opens no connection and writes nothing. With a tag it follows the
// plan gate (execute.ts); without one it reads the plan of the checked-out commit (a pull request's head,
// as migration-ci.yml runs it), unsigned and labelled so.
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/index.js';
import type { Shard } from './context.js';
import { headCommit, readUnsignedPlanFiles, type PlanFiles } from './plan-files.js';

export function dryRunLines(files: PlanFiles, shard?: Shard): string[] {
  const out = [`dry run of ${files.plan.plan_id} v${files.plan.version}: ${files.plan.source.engine} (${files.plan.source.connection}) -> ${files.plan.target.engine} (${files.plan.target.connection})${shard ? `, shard ${shard.index}/${shard.count}` : ''}`];
  files.plan.steps.forEach((s, i) => {
    let line = `  ${i + 1}. ${s.id} [${s.kind}] ${s.source_table ? `${s.source_table} -> ` : ''}${s.target_table}`;
    if (s.kind === 'copy_table') {
      const est = files.discovery?.tables.find((t) => t.name === s.source_table)?.row_count_estimate;
      const chunkRows = Number(s.params?.chunk_rows ?? s.params?.batch_rows ?? 50_000);
      line += est === undefined ? ', rows: no estimate in the discovery snapshot'
        : `, ~${est.toLocaleString('en-US')} rows in ~${Math.max(1, Math.ceil(est / chunkRows))} chunk(s) of ${chunkRows.toLocaleString('en-US')}`;
      line += `, ${s.mode ?? 'replace'} by ${(s.key_columns ?? []).join(', ')}`;
    }
    if (s.kind === 'run_model') line += ` (${s.model})`;
    out.push(line);
  });
  out.push(`  then: reconcile ${files.plan.recon.tables.length} table(s), write runs/v${files.plan.version}/execution_report.json and the recon report`);
  return out;
}

/** The dry run of the unsigned plan at HEAD; connections and rules from `baseBranch`. */
export async function unsignedDryRun(repoDir: string, baseBranch: string, out: (line: string) => void): Promise<void> {
  const commit = await headCommit(repoDir);
  let files: PlanFiles;
  try {
    files = await readUnsignedPlanFiles(repoDir, commit, baseBranch);
  } catch (e) {
    if (!(e instanceof CopilotError && e.code === 'FILE_NOT_FOUND' && e.message.startsWith(REPO_PATHS.plan))) throw e;
    out(`dry run: ${e.message}; nothing to show`);
    return;
  }
  out(`UNSIGNED PLAN: ${REPO_PATHS.plan} at ${commit.slice(0, 12)}, not signed and not verified by the plan gate (a signed run is execute --tag plan/v<N>)`);
  for (const line of dryRunLines(files)) out(line);
  out('dry run: nothing was written');
}

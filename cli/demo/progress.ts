// Progress while the runner works: the simulator runs the workflow's jobs for real, and the demo prints what
// a person watching the run's log sees: each step as it starts, then its output as the step ends (the plan
// gate's checks, rows per step, the reconciliation, the evidence pull request). The runner's JSON log lines
// (pino, as a workflow writes them) are shown as their message and counts. Secrets are masked by the
// simulator as they are on GitHub; digests are shortened.
import type { Playground } from '../../playground/index.js';
import { shortenDigests } from './digest.js';

const FIELDS = ['step', 'table', 'rows', 'rows_read', 'rows_written', 'status', 'shard'];

function jsonLine(line: string): string | undefined {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (typeof v.msg !== 'string') return undefined;
    const extra = FIELDS.filter((f) => v[f] !== undefined && typeof v[f] !== 'object').map((f) => `${f} ${String(v[f])}`);
    return `${v.msg}${extra.length ? ` (${extra.join(', ')})` : ''}`;
  } catch {
    return undefined;
  }
}

/** One printable line of a job's log, or undefined for noise (blank lines, ::commands::, the end of a group). */
export function logLine(line: string): string | undefined {
  const t = line.trimEnd();
  if (t.trim() === '' || t.startsWith('##[endgroup]') || t.trim().startsWith('::')) return undefined;
  if (t.startsWith('##[group]')) return `▸ ${t.slice('##[group]'.length)}`;
  if (t.startsWith('{')) return jsonLine(t);
  return shortenDigests(t);
}

/** Prints new log lines of every workflow job every 250 ms until stopped (and once more when stopped). */
export function watchWorkflows(gh: Playground, out: (line: string) => void): () => void {
  const seen = new Map<number, number>();
  const done = new Set<number>();
  const tick = () => {
    for (const job of gh.actions.jobs.values()) {
      if (done.has(job.id)) continue;
      const from = seen.get(job.id) ?? 0;
      const upTo = job.log.lastIndexOf('\n') + 1;
      if (upTo > from) {
        for (const raw of job.log.slice(from, upTo).split('\n')) {
          const line = logLine(raw);
          if (line) out(`      [run ${job.runId} · ${job.name}] ${line}`);
        }
        seen.set(job.id, upTo);
      }
      if (job.status === 'completed') {
        done.add(job.id);
        if (job.conclusion !== 'skipped') out(`      [run ${job.runId} · ${job.name}] job ${job.conclusion ?? 'completed'}`);
      }
    }
  };
  const timer = setInterval(tick, 250);
  return () => {
    clearInterval(timer);
    tick();
  };
}

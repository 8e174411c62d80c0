// The CPU time (user + system) a process of this machine has used so far, from Linux's /proc/<pid>/stat
// (fields 14 and 15, in clock ticks of 1/100 s): what the benchmarks measure another process by (the app's,
// a PostgreSQL backend's), since wall time moves with whatever else the machine runs.
import { readFileSync } from 'node:fs';

/** Milliseconds of CPU the process has used, or undefined where /proc does not have it. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

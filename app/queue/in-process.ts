// The default queue: in this process, a promise chain per repository. Jobs for one repository run in order,
// one at a time; repositories run concurrently. A job that throws is logged and the chain goes on.
import type { Logger } from 'probot';
import type { JobSpec } from '../job.js';
import { repoKey, type JobQueue, type JobRunner } from './queue.js';

export function inProcessQueue(run: JobRunner, log: Logger): JobQueue {
  const tails = new Map<string, Promise<void>>();
  let pending = 0;
  let waiters: (() => void)[] = [];
  let stopped = false;

  const settle = () => {
    if (pending > 0) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };

  return {
    kind: 'in-process',
    async enqueue(spec: JobSpec) {
      if (stopped) {
        log.warn({ repo: repoKey(spec), kind: spec.kind, delivery: spec.delivery }, 'queue stopped: job dropped');
        return;
      }
      const key = repoKey(spec);
      pending++;
      const next = (tails.get(key) ?? Promise.resolve()).then(async () => {
        try {
          await run(spec);
        } catch (e) {
          log.error({ err: e, repo: key, kind: spec.kind, delivery: spec.delivery }, 'job failed');
        } finally {
          pending--;
        }
      });
      tails.set(key, next);
      void next.then(() => {
        if (tails.get(key) === next) tails.delete(key);
        settle();
      });
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async stop() {
      stopped = true;
      await Promise.all([...tails.values()]);
    },
  };
}

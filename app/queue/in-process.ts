// The default queue: in this process, a promise chain per repository. Jobs for one repository run in order,
// one at a time; repositories run concurrently. A job that throws is logged, the chain goes on, and the job
// is queued once more after RETRY_MS (a second failure is only logged).
import type { Logger } from 'probot';
import type { JobSpec } from '../job.js';
import { repoKey, type JobQueue, type JobRunner } from './queue.js';

export const RETRY_MS = 5000;

export function inProcessQueue(run: JobRunner, log: Logger, retryMs = RETRY_MS): JobQueue {
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

  const queue: JobQueue = {
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
          const retry = (spec.attempt ?? 0) === 0 && !stopped;
          log.error({ err: e, repo: key, kind: spec.kind, delivery: spec.delivery, retry }, 'job failed');
          if (retry) {
            pending++;
            setTimeout(() => {
              pending--;
              void queue.enqueue({ ...spec, attempt: 1 });
              settle();
            }, retryMs).unref();
          }
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
  return queue;
}

// The queue for several replicas (QUEUE_URL=postgres://…): pg-boss 10. Why pg-boss rather than
// graphile-worker: it is a plain library over one schema with queue policies built in, so "one job at a
// time per repository" is a declared policy, not a lock this app would have to hold on a connection of its
// own (app/ never imports a database driver).
//
// How repositories are serialised across replicas: every repository gets its own pg-boss queue
// (`mc_repo_<sha1 of owner/repo>`) created with policy "singleton", whose unique index allows one active
// job per queue; a replica whose fetch would start a second one gets nothing (pg-boss swallows the
// conflict) and polls again. One queue per repository rather than one queue with singleton keys, because
// pg-boss fetches the oldest job first: with one shared queue, a repository whose job is running would hold
// back every other repository's jobs behind it. Each replica works the queues of the repositories it has
// enqueued for (and so every queued job has at least one worker); the replica that enqueues is woken at once.
import { createHash } from 'node:crypto';
import type { Logger } from 'probot';
import PgBoss from 'pg-boss';
import type { JobSpec } from '../job.js';
import { maskUrl } from '../settings.js';
import { repoKey, type JobQueue, type JobRunner } from './queue.js';

const POLL_SECONDS = 0.5;

export async function pgBossQueue(url: string, schema: string, run: JobRunner, log: Logger): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString: url, schema, supervise: true, schedule: false, max: 4 });
  boss.on('error', (e: Error) => log.error({ err: { message: maskUrl(e.message) } }, 'queue error'));
  await boss.start();
  log.info({ queue: maskUrl(url) }, 'pg-boss queue started');

  const workers = new Map<string, Promise<string>>();
  let stopped = false;

  const queueOf = (spec: Pick<JobSpec, 'owner' | 'repo'>) => `mc_repo_${createHash('sha1').update(repoKey(spec)).digest('hex')}`;

  const ensure = (name: string): Promise<string> => {
    let w = workers.get(name);
    if (!w) {
      w = (async () => {
        await boss.createQueue(name, { name, policy: 'singleton', retryLimit: 1, retryDelay: 5, expireInSeconds: 600 });
        return boss.work<JobSpec>(name, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => {
          if (!job) return;
          try {
            await run(job.data);
          } catch (e) {
            log.error({ err: e, repo: repoKey(job.data), kind: job.data.kind, delivery: job.data.delivery }, 'job failed');
            throw e;
          }
        });
      })();
      w.catch(() => workers.delete(name));
      workers.set(name, w);
    }
    return w;
  };

  return {
    kind: 'pg-boss',
    async enqueue(spec) {
      if (stopped) {
        log.warn({ repo: repoKey(spec), kind: spec.kind, delivery: spec.delivery }, 'queue stopped: job dropped');
        return;
      }
      const name = queueOf(spec);
      const worker = await ensure(name);
      await boss.send(name, spec);
      boss.notifyWorker(worker);
    },
    async idle() {
      for (;;) {
        const sizes = await Promise.all([...workers.keys()].map((name) => boss.getQueueSize(name, { before: 'completed' })));
        if (sizes.every((n) => n === 0)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

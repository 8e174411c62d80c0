// Picks the queue the settings ask for: in-process by default, pg-boss with QUEUE_URL.
import type { Logger } from 'probot';
import type { AppSettings } from '../settings.js';
import { inProcessQueue } from './in-process.js';
import type { JobQueue, JobRunner } from './queue.js';

export async function startQueue(settings: AppSettings, run: JobRunner, log: Logger): Promise<JobQueue> {
  if (settings.queueUrl === undefined) return inProcessQueue(run, log);
  const { pgBossQueue } = await import('./pg-boss.js');
  return pgBossQueue(settings.queueUrl, settings.queueSchema, run, log);
}

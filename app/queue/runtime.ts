// What one running app holds: its settings, its queue (whose worker turns specs into RepoJobs and runs the
// handler of their kind) and its logger. Built once by the app function (app/index.ts).
import type { Logger, Probot } from 'probot';
import { describeSettings, type AppSettings } from '../settings.js';
import { JOB_HANDLERS } from './dispatch.js';
import type { JobQueue } from './queue.js';
import { startQueue } from './start.js';
import { jobRunner } from './worker.js';

export interface AppRuntime {
  readonly settings: AppSettings;
  readonly queue: JobQueue;
  readonly log: Logger;
}

export async function startRuntime(app: Probot, settings: AppSettings): Promise<AppRuntime> {
  const log = app.log.child({ name: 'migration-copilot' });
  const queue = await startQueue(settings, jobRunner(app, settings, JOB_HANDLERS, log), log);
  log.info(describeSettings(settings), 'migration-copilot ready');
  return { settings, queue, log };
}

// Turns a queued JobSpec into a RepoJob (installation Octokit, a fresh per-job port, a logger bound to the
// repository) and hands it to the function for its kind. Any replica can run any spec: everything it needs
// is in the spec or comes from GitHub.
import type { Logger, Probot } from 'probot';
import { artifactMemo } from '../../core/repo/index.js';
import { cachedPort, ContentCache } from '../github/cached-port.js';
import { EtagCache } from '../github/conditional.js';
import type { InstallationOctokit, JobKind, JobSpec, RepoJob } from '../job.js';
import type { AppSettings } from '../settings.js';
import type { JobRunner } from './queue.js';

export type JobHandler = (job: RepoJob, payload: unknown) => Promise<void>;

export function jobRunner(app: Probot, settings: AppSettings, handlers: Readonly<Record<JobKind, JobHandler>>, log: Logger): JobRunner {
  const content = new ContentCache();
  const etags = new EtagCache();
  const artifacts = artifactMemo();
  return async (spec: JobSpec) => {
    const octokit = await app.auth(spec.installationId) as InstallationOctokit;
    const job: RepoJob = {
      owner: spec.owner, repo: spec.repo, installationId: spec.installationId, octokit,
      port: cachedPort(octokit, content, { etags, scope: `installation ${spec.installationId}` }),
      artifacts,
      log: log.child({ repo: `${spec.owner}/${spec.repo}`, job: spec.kind, delivery: spec.delivery }),
      settings,
      async token() {
        const auth = await octokit.auth({ type: 'installation' }) as { token: string };
        return auth.token;
      },
    };
    const started = Date.now();
    await handlers[spec.kind](job, spec.payload);
    job.log.debug({ ms: Date.now() - started }, 'job done');
  };
}

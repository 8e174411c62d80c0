// On start the app reconciles every repository of every installation it can see, so a delivery missed
// while it was down does not leave a pull request without its check runs. It runs after start, through the
// queue like any other job; a failure is logged and the app keeps serving webhooks.
import type { Probot } from 'probot';
import type { AppRuntime } from '../queue/runtime.js';

export async function reconcileInstallations(app: Probot, runtime: AppRuntime): Promise<number> {
  const { log, queue } = runtime;
  let count = 0;
  try {
    const appOctokit = await app.auth();
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
    for (const installation of installations) {
      if (installation.suspended_at) continue;
      const octokit = await app.auth(installation.id);
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      for (const r of repos) {
        await queue.enqueue({ kind: 'reconcile', owner: r.owner.login, repo: r.name, installationId: installation.id, delivery: 'start', payload: {} });
        count++;
      }
    }
    log.info({ repositories: count }, 'reconcile at start queued');
  } catch (e) {
    log.error({ err: e }, 'reconcile at start failed; webhooks are still served');
  }
  return count;
}

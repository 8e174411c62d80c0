// installation (created, new_permissions_accepted, unsuspend) and installation_repositories (added):
// every repository the app can now see is reconciled, so pull requests opened before it was installed
// get their check runs. Removal and suspension need no work: the app can no longer write there.
import type { Context } from 'probot';
import type { JobQueue } from '../queue/queue.js';
import { actionOf, enqueueFor, field, ignore, repositoryOf, type RepoRef } from './enqueue.js';

const INSTALLED = new Set(['created', 'new_permissions_accepted', 'unsuspend']);

function repositories(list: unknown, owner: unknown): RepoRef[] {
  if (!Array.isArray(list)) return [];
  return list.map((r) => repositoryOf(r) ?? (typeof owner === 'string' && typeof field(r, 'name') === 'string'
    ? { owner, repo: field(r, 'name') as string } : undefined)).filter((r): r is RepoRef => r !== undefined);
}

export async function onInstallation(ctx: Context<'installation'>, queue: JobQueue): Promise<void> {
  if (!INSTALLED.has(actionOf(ctx))) return ignore(ctx, `installation.${actionOf(ctx) || '?'} needs no work`);
  const repos = repositories(field(ctx.payload, 'repositories'), field(ctx.payload, 'installation', 'account', 'login'));
  for (const repo of repos) await enqueueFor(ctx, queue, 'reconcile', {}, repo);
}

export async function onInstallationRepositories(ctx: Context<'installation_repositories'>, queue: JobQueue): Promise<void> {
  if (actionOf(ctx) !== 'added') return ignore(ctx, `installation_repositories.${actionOf(ctx) || '?'} needs no work`);
  const repos = repositories(field(ctx.payload, 'repositories_added'), field(ctx.payload, 'installation', 'account', 'login'));
  for (const repo of repos) await enqueueFor(ctx, queue, 'reconcile', {}, repo);
}

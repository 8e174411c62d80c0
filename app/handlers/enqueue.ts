// What every webhook handler shares: find the repository and installation a payload is about, and put a
// job for it on the queue. A payload without them (a schema this app does not know, an event for an
// account rather than a repository) is logged and answered, never thrown on: the delivery gets its 200.
import type { Context } from 'probot';
import type { JobKind } from '../job.js';
import type { JobQueue } from '../queue/queue.js';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

type AnyContext = Pick<Context, 'id' | 'name' | 'payload' | 'log'>;

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}

/** payload.<path> as a plain object, or undefined. */
export function field(payload: unknown, ...path: string[]): unknown {
  let v: unknown = payload;
  for (const p of path) v = record(v)?.[p];
  return v;
}

export function installationOf(ctx: AnyContext): number | undefined {
  const id = field(ctx.payload, 'installation', 'id');
  return typeof id === 'number' ? id : undefined;
}

export function repositoryOf(repository: unknown): RepoRef | undefined {
  const owner = field(repository, 'owner', 'login');
  const name = field(repository, 'name');
  if (typeof owner === 'string' && typeof name === 'string') return { owner, repo: name };
  const full = field(repository, 'full_name');
  if (typeof full === 'string' && /^[^/]+\/[^/]+$/.test(full)) {
    const [o, r] = full.split('/') as [string, string];
    return { owner: o, repo: r };
  }
  return undefined;
}

export function actionOf(ctx: AnyContext): string {
  const a = field(ctx.payload, 'action');
  return typeof a === 'string' ? a : '';
}

/** Logs why a delivery leads to no work (at info: it is normal, and it explains a quiet app). */
export function ignore(ctx: AnyContext, reason: string): void {
  ctx.log.info({ event: ctx.name, action: actionOf(ctx), delivery: ctx.id }, `ignored: ${reason}`);
}

/** Enqueues a job for the payload's repository (or `repo`); logs and returns when the payload names none. */
export async function enqueueFor(ctx: AnyContext, queue: JobQueue, kind: JobKind, payload: unknown, repo?: RepoRef): Promise<void> {
  const installationId = installationOf(ctx);
  const where = repo ?? repositoryOf(field(ctx.payload, 'repository'));
  if (installationId === undefined || where === undefined) {
    ignore(ctx, 'the payload names no installation or repository');
    return;
  }
  await queue.enqueue({ kind, ...where, installationId, delivery: ctx.id, payload });
  ctx.log.debug({ event: ctx.name, action: actionOf(ctx), delivery: ctx.id, repo: `${where.owner}/${where.repo}`, kind }, 'queued');
}

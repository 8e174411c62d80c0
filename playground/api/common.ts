// Helpers every REST handler uses: the repository of the path (404 when it is not visible to the
// caller, as GitHub hides private repositories), write access, the caller's login, and pagination.
import { forbidden, GhError, notFound, unauthorized } from '../server/errors.js';
import { actorLogin, type RequestContext, type Reply } from '../server/route.js';
import type { Repo } from '../state/types.js';

export function repoFor(ctx: RequestContext): Repo {
  const repo = ctx.sim.store.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo || !ctx.sim.canRead(repo, ctx.actor)) throw notFound();
  return repo;
}

export function writableRepo(ctx: RequestContext): Repo {
  const repo = repoFor(ctx);
  if (!ctx.sim.canWrite(repo, ctx.actor)) {
    throw ctx.actor.kind === 'installation' ? forbidden('Resource not accessible by integration') : notFound();
  }
  return repo;
}

/** Triage rights (labels, closing others' issues): an installation token in scope, or a user with triage or above. */
export function triageRepo(ctx: RequestContext): Repo {
  const repo = repoFor(ctx);
  if (ctx.sim.canWrite(repo, ctx.actor)) return repo;
  if (ctx.actor.kind === 'user' && ctx.sim.roleOf(repo, ctx.actor.login) === 'triage') return repo;
  throw ctx.actor.kind === 'installation' ? forbidden('Resource not accessible by integration') : forbidden('Must have admin rights to Repository.');
}

export function callerLogin(ctx: RequestContext): string {
  if (ctx.actor.kind === 'app') throw unauthorized('A JSON web token cannot be used to access this resource; use an installation token');
  const login = actorLogin(ctx.sim, ctx.actor);
  if (!login) throw unauthorized('Requires authentication');
  return login;
}

export function intParam(ctx: RequestContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n)) throw notFound();
  return n;
}

/** GitHub's page/per_page pagination with a Link header. */
export function paginate<T>(ctx: RequestContext, items: T[], status = 200, wrap?: (page: T[]) => unknown): Reply {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30)));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  if (last > 1) {
    const link = (p: number, rel: string) => {
      const q = new URLSearchParams(ctx.query);
      q.set('page', String(p));
      q.set('per_page', String(perPage));
      return `<${ctx.sim.url}${ctx.path}?${q.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    headers.link = links.join(', ');
  }
  return { status, body: wrap ? wrap(slice) : slice, headers };
}

export function requireBody<T>(value: T | undefined, field: string, resource: string): T {
  if (value === undefined || value === null || value === '') {
    throw new GhError(422, 'Validation Failed', [{ resource, field, code: 'missing_field' }]);
  }
  return value;
}

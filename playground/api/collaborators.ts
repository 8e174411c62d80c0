// Collaborators and their roles (read, triage, write, maintain, admin), so an app can refuse a command from
// someone without write access: GitHub's permission endpoint reports the legacy level (admin, write, read,
// none; maintain counts as write and triage as read) and the role itself in role_name.
import { notFound } from '../server/errors.js';
import { ok, type RequestContext, type Route } from '../server/route.js';
import type { Repo, RepoRole } from '../state/types.js';
import { paginate, repoFor } from './common.js';
import { userShape } from './shapes.js';

const LEGACY: Record<RepoRole, string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' };

function permissions(role: RepoRole | null): Record<string, boolean> {
  const rank = role ? ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role) : -1;
  return { pull: rank >= 0, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 };
}

function collaboratorShape(ctx: RequestContext, repo: Repo, login: string): Record<string, unknown> {
  const role = ctx.sim.roleOf(repo, login);
  return { ...userShape(ctx.sim, login), permissions: permissions(role), role_name: role ?? 'none' };
}

/** Everyone with a role on the repository: its owner, organisation members and collaborators. */
function withRoles(ctx: RequestContext, repo: Repo): string[] {
  const logins = new Set<string>([repo.owner.toLowerCase(), ...repo.collaborators, ...Object.keys(repo.roles ?? {}),
    ...(ctx.sim.store.orgMembers.get(repo.owner.toLowerCase()) ?? [])]);
  return [...logins].filter((l) => ctx.sim.store.account(l)?.type === 'User' && ctx.sim.roleOf(repo, l) !== null)
    .map((l) => ctx.sim.store.account(l)!.login);
}

export const collaboratorRoutes: Route[] = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/collaborators/{username}/permission', operationId: 'repos/get-collaborator-permission-level',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      const account = ctx.sim.store.account(ctx.params.username!);
      if (!account) throw notFound();
      const role = ctx.sim.roleOf(repo, account.login);
      return ok({ permission: role ? LEGACY[role] : 'none', role_name: role ?? 'none', user: collaboratorShape(ctx, repo, account.login) });
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/collaborators', operationId: 'repos/list-collaborators',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      return paginate(ctx, withRoles(ctx, repo).map((l) => collaboratorShape(ctx, repo, l)));
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/collaborators/{username}', operationId: 'repos/check-collaborator',
    handle: (ctx) => {
      const repo = repoFor(ctx);
      if (!withRoles(ctx, repo).some((l) => l.toLowerCase() === ctx.params.username!.toLowerCase())) throw notFound();
      return { status: 204 };
    },
  },
];

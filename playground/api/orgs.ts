// Users, organisations, teams and team membership (what the approvals logic reads).
import { notFound, unauthorized } from '../server/errors.js';
import { noContent, ok, type RequestContext, type Route } from '../server/route.js';
import type { Team } from '../state/types.js';
import { paginate } from './common.js';
import { nodeId, userShape } from './shapes.js';

function accountOr404(ctx: RequestContext, login: string) {
  const account = ctx.sim.store.account(login);
  if (!account) throw notFound();
  return account;
}

/** Organisation data is visible to its members and to the app's installations on that organisation. */
function orgFor(ctx: RequestContext) {
  const org = accountOr404(ctx, ctx.params.org!);
  if (org.type !== 'Organization') throw notFound();
  const a = ctx.actor;
  const allowed = a.kind === 'user' ? ctx.sim.store.isOrgMember(org.login, a.login)
    : a.kind === 'installation' ? ctx.sim.store.installations.get(a.installationId)?.account.toLowerCase() === org.login.toLowerCase()
      : false;
  if (!allowed) throw notFound();
  return org;
}

function teamFor(ctx: RequestContext): Team {
  const org = orgFor(ctx);
  const team = ctx.sim.store.team(org.login, ctx.params.team_slug!);
  if (!team) throw notFound();
  return team;
}

function publicUser(ctx: RequestContext, login: string): Record<string, unknown> {
  const a = accountOr404(ctx, login);
  return {
    ...userShape(ctx.sim, a.login), name: a.name, company: null, blog: '', location: null, email: a.email, hireable: null, bio: null,
    public_repos: [...ctx.sim.store.repos.values()].filter((r) => r.owner === a.login && !r.private).length, public_gists: 0,
    followers: 0, following: 0, created_at: a.createdAt, updated_at: a.createdAt,
  };
}

function teamShape(ctx: RequestContext, team: Team): Record<string, unknown> {
  const api = `${ctx.sim.url}/orgs/${team.org}/teams/${team.slug}`;
  const org = ctx.sim.store.account(team.org)!;
  return {
    id: team.id, node_id: nodeId('Team', team.id), url: api, html_url: `${ctx.sim.webUrl}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name, slug: team.slug, description: team.description, privacy: 'closed', notification_setting: 'notifications_enabled',
    permission: 'pull', members_url: `${api}/members{/member}`, repositories_url: `${api}/repos`, parent: null, type: 'organization',
    members_count: team.members.size, repos_count: 0, created_at: org.createdAt, updated_at: org.createdAt,
    organization: orgShape(ctx, org.login),
  };
}

function orgShape(ctx: RequestContext, login: string): Record<string, unknown> {
  const a = accountOr404(ctx, login);
  const api = `${ctx.sim.url}/orgs/${a.login}`;
  return {
    login: a.login, id: a.id, node_id: nodeId('Organization', a.id), url: api, repos_url: `${api}/repos`, events_url: `${api}/events`,
    hooks_url: `${api}/hooks`, issues_url: `${api}/issues`, members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`, avatar_url: `${ctx.sim.url}/avatars/${a.login}`, description: null,
    html_url: `${ctx.sim.webUrl}/${a.login}`, has_organization_projects: false, has_repository_projects: false,
    public_repos: 0, public_gists: 0, followers: 0, following: 0, type: 'Organization', created_at: a.createdAt,
    updated_at: a.createdAt, archived_at: null,
  };
}

export const orgRoutes: Route[] = [
  { method: 'GET', path: '/users/{username}', operationId: 'users/get-by-username', handle: (ctx) => ok(publicUser(ctx, ctx.params.username!)) },
  {
    method: 'GET', path: '/user', operationId: 'users/get-authenticated',
    handle: (ctx) => {
      if (ctx.actor.kind !== 'user') throw unauthorized('Requires authentication');
      return ok({
        ...publicUser(ctx, ctx.actor.login), private_gists: 0, total_private_repos: 0, owned_private_repos: 0, disk_usage: 0,
        collaborators: 0, two_factor_authentication: true,
      });
    },
  },
  { method: 'GET', path: '/orgs/{org}', operationId: 'orgs/get', handle: (ctx) => ok(orgShape(ctx, orgFor(ctx).login)) },
  {
    method: 'GET', path: '/orgs/{org}/members', operationId: 'orgs/list-members',
    handle: (ctx) => {
      const org = orgFor(ctx);
      const members = [...(ctx.sim.store.orgMembers.get(org.login.toLowerCase()) ?? [])].sort().map((l) => userShape(ctx.sim, l));
      return paginate(ctx, members);
    },
  },
  {
    method: 'GET', path: '/orgs/{org}/members/{username}', operationId: 'orgs/check-membership-for-user',
    handle: (ctx) => {
      const org = orgFor(ctx);
      if (!ctx.sim.store.isOrgMember(org.login, ctx.params.username!)) throw notFound();
      return noContent();
    },
  },
  {
    method: 'GET', path: '/orgs/{org}/teams', operationId: 'teams/list',
    handle: (ctx) => {
      const org = orgFor(ctx);
      const teams = [...ctx.sim.store.teams.values()].filter((t) => t.org.toLowerCase() === org.login.toLowerCase());
      return paginate(ctx, teams, 200, (page) => page.map((t) => {
        const { members_count: _m, repos_count: _r, created_at: _c, updated_at: _u, organization: _o, ...simple } = teamShape(ctx, t);
        return simple;
      }));
    },
  },
  { method: 'GET', path: '/orgs/{org}/teams/{team_slug}', operationId: 'teams/get-by-name', handle: (ctx) => ok(teamShape(ctx, teamFor(ctx))) },
  {
    method: 'GET', path: '/orgs/{org}/teams/{team_slug}/members', operationId: 'teams/list-members-in-org',
    handle: (ctx) => {
      const team = teamFor(ctx);
      const role = ctx.query.get('role') ?? 'all';
      const members = [...team.members].filter(([, r]) => role === 'all' || r === role).map(([login]) => userShape(ctx.sim, login));
      return paginate(ctx, members);
    },
  },
  {
    method: 'GET', path: '/orgs/{org}/teams/{team_slug}/memberships/{username}', operationId: 'teams/get-membership-for-user-in-org',
    handle: (ctx) => {
      const team = teamFor(ctx);
      const role = team.members.get(ctx.params.username!.toLowerCase());
      if (!role) throw notFound();
      return ok({ url: `${ctx.sim.url}/orgs/${team.org}/teams/${team.slug}/memberships/${ctx.params.username}`, role, state: 'active' });
    },
  },
];

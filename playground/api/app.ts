// App authentication: the app (by its JWT) lists installations and mints installation tokens scoped to
// the installation's repositories (or a subset asked for); webhook deliveries can be listed and redelivered.
import { issueToken } from '../server/auth.js';
import { GhError, notFound, unauthorized } from '../server/errors.js';
import { created, ok, type RequestContext, type Route } from '../server/route.js';
import type { Delivery } from '../webhooks/deliver.js';
import { installationFor } from '../webhooks/events.js';
import { intParam, paginate } from './common.js';
import { grants, type PermissionLevel } from '../state/manifest.js';
import { appShape, fullRepoShape, installationShape, repoShape } from './shapes.js';

function requireApp(ctx: RequestContext): void {
  if (ctx.actor.kind !== 'app') throw unauthorized('A JSON web token could not be decoded');
}

function installation(ctx: RequestContext) {
  requireApp(ctx);
  const inst = ctx.sim.store.installations.get(intParam(ctx, 'installation_id'));
  if (!inst) throw notFound();
  return inst;
}

function deliveryShape(d: Delivery, full: boolean): Record<string, unknown> {
  const shape: Record<string, unknown> = {
    id: d.id, guid: d.guid, delivered_at: d.deliveredAt, redelivery: d.redelivery, duration: d.durationMs / 1000,
    status: d.status, status_code: d.statusCode, event: d.event, action: d.action,
    installation_id: d.installationId, repository_id: d.repositoryId,
  };
  if (full) {
    shape.throttled_at = null;
    shape.url = '';
    shape.request = { headers: { 'X-GitHub-Event': d.event, 'X-GitHub-Delivery': d.guid }, payload: d.payload };
    shape.response = { headers: {}, payload: null };
  }
  return shape;
}

export const appRoutes: Route[] = [
  {
    method: 'GET', path: '/app', operationId: 'apps/get-authenticated',
    handle: (ctx) => {
      requireApp(ctx);
      return ok({ ...appShape(ctx.sim), client_id: ctx.sim.app.clientId, installations_count: ctx.sim.store.installations.size });
    },
  },
  {
    method: 'GET', path: '/app/installations', operationId: 'apps/list-installations',
    handle: (ctx) => {
      requireApp(ctx);
      return paginate(ctx, [...ctx.sim.store.installations.values()].map((i) => installationShape(ctx.sim, i)));
    },
  },
  {
    method: 'GET', path: '/app/installations/{installation_id}', operationId: 'apps/get-installation',
    handle: (ctx) => ok(installationShape(ctx.sim, installation(ctx))),
  },
  {
    method: 'POST', path: '/app/installations/{installation_id}/access_tokens', operationId: 'apps/create-installation-access-token',
    handle: (ctx) => {
      const inst = installation(ctx);
      const { sim } = ctx;
      const all = [...sim.store.repos.values()].filter((r) => r.owner.toLowerCase() === inst.account.toLowerCase()
        && (inst.repoIds === null || inst.repoIds.includes(r.id)));
      const names: string[] | undefined = ctx.body?.repositories;
      const ids: number[] | undefined = ctx.body?.repository_ids;
      let scoped = all;
      if (names || ids) {
        scoped = all.filter((r) => names?.includes(r.name) || ids?.includes(r.id));
        const wanted = (names?.length ?? 0) + (ids?.length ?? 0);
        if (scoped.length < wanted) throw new GhError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      }
      // A token may carry fewer permissions than the installation, never more.
      const asked = ctx.body?.permissions as Record<string, PermissionLevel> | undefined;
      if (asked && !Object.entries(asked).every(([name, level]) => grants(inst.permissions, name, level))) {
        throw new GhError(422, 'The permissions requested are not granted to this installation.');
      }
      const permissions: Record<string, string> = asked ? { ...asked } : { ...inst.permissions };
      permissions.metadata ??= 'read';
      const token = issueToken(sim, {
        kind: 'installation', installationId: inst.id, repoIds: names || ids ? scoped.map((r) => r.id) : null,
        login: `${sim.app.slug}[bot]`, permissions,
      }, 'ghs_');
      const body: Record<string, unknown> = {
        token: token.token, expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions,
        repository_selection: names || ids || inst.repoIds ? 'selected' : 'all',
      };
      if (names || ids) body.repositories = scoped.map((r) => repoShape(sim, r));
      return created(body);
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/installation', operationId: 'apps/get-repo-installation',
    handle: (ctx) => {
      requireApp(ctx);
      const repo = ctx.sim.store.repo(ctx.params.owner!, ctx.params.repo!);
      const inst = repo ? installationFor(ctx.sim, repo) : undefined;
      if (!inst) throw notFound();
      return ok(installationShape(ctx.sim, inst));
    },
  },
  {
    method: 'GET', path: '/installation/repositories', operationId: 'apps/list-repos-accessible-to-installation',
    handle: (ctx) => {
      const actor = ctx.actor;
      if (actor.kind !== 'installation') throw unauthorized('Requires an installation token');
      const repos = [...ctx.sim.store.repos.values()].filter((r) => ctx.sim.canRead(r, actor) && installationFor(ctx.sim, r)?.id === actor.installationId);
      return paginate(ctx, repos.map((r) => fullRepoShape(ctx.sim, r)), 200, (page) => ({
        total_count: repos.length, repository_selection: 'selected', repositories: page,
      }));
    },
  },
  {
    method: 'GET', path: '/app/hook/deliveries', operationId: 'apps/list-webhook-deliveries',
    handle: (ctx) => {
      requireApp(ctx);
      return ok([...ctx.sim.webhooks.deliveries].reverse().map((d) => deliveryShape(d, false)));
    },
  },
  {
    method: 'GET', path: '/app/hook/deliveries/{delivery_id}', operationId: 'apps/get-webhook-delivery',
    handle: (ctx) => {
      requireApp(ctx);
      const d = ctx.sim.webhooks.deliveries.find((x) => x.id === intParam(ctx, 'delivery_id'));
      if (!d) throw notFound();
      return ok(deliveryShape(d, true));
    },
  },
  {
    method: 'POST', path: '/app/hook/deliveries/{delivery_id}/attempts', operationId: 'apps/redeliver-webhook-delivery',
    handle: (ctx) => {
      requireApp(ctx);
      if (!ctx.sim.webhooks.redeliver(intParam(ctx, 'delivery_id'))) throw notFound();
      return { status: 202, body: {} };
    },
  },
];

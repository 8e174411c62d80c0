// GET /rate_limit: the caller's budget, as GitHub reports it; it does not count against the limit itself.
import { ok, type Route } from '../server/route.js';
import { rateKey } from '../server/rate-limit.js';

export const rateLimitRoutes: Route[] = [
  {
    method: 'GET', path: '/rate_limit', operationId: 'rate-limit/get',
    handle: (ctx) => {
      const core = ctx.sim.rateLimits.state(rateKey(ctx.sim, ctx.actor).key);
      const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
      return ok({ resources: { core, search: other(30), graphql: other(5000), integration_manifest: other(5000) }, rate: core });
    },
  },
];

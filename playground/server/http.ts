// The HTTP front of the simulator: git smart HTTP under /git/, the REST API everywhere else. Each REST
// request is, in order: authenticated, counted against its credential's rate limit, routed, checked against
// GitHub's description (always: GitHub refuses a malformed body whatever the client), checked against the
// token's permissions, answered as a transaction (state/transaction.ts), its answer checked against the
// description when responses are checked, logged in sim.requests and, with a trace file, appended to it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sim } from '../sim.js';
import { grants } from '../state/manifest.js';
import type { Transaction } from '../state/transaction.js';
import { authenticate } from './auth.js';
import { conditional } from './etag.js';
import { GhError, invalidRequest, notAccessible } from './errors.js';
import { requiredPermissions } from './permissions.js';
import { rateKey } from './rate-limit.js';
import type { Router } from './router.js';
import { traceActor, type Actor, type Reply, type RequestContext, type Route } from './route.js';
import type { Trace } from './trace.js';

const HEADERS = {
  'x-github-media-type': 'github.v3; format=json',
  'x-github-api-version-selected': '2022-11-28',
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GhError(400, 'Problems parsing JSON');
  }
}

export interface RestDeps {
  readonly sim: Sim;
  readonly router: Router;
  readonly trace: Trace | null;
}

/** 403 when an installation token's (or a workflow's GITHUB_TOKEN's) permissions do not cover the operation, as GitHub answers. */
function checkPermissions(actor: Actor, route: Route, method: string): void {
  if ((actor.kind !== 'installation' && actor.kind !== 'user') || !actor.permissions) return;
  const needs = requiredPermissions(route.operationId, method);
  if (needs.length > 0 && !needs.some((n) => grants(actor.permissions!, n.name, n.level))) throw notAccessible();
}

function route404(sim: Sim, method: string, path: string): GhError {
  // A real GitHub operation the playground does not serve is a gap to fix, not a "not found" to act on.
  const missing = sim.description.operationFor(method, path);
  if (!missing) return new GhError(404, 'Not Found');
  const message = `the playground does not simulate ${missing} (${method} ${path})`;
  sim.violations.push(message);
  return new GhError(404, `Not Found: ${message}`);
}

export async function handleRest(deps: RestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { sim, router } = deps;
  const url = new URL(req.url ?? '/', 'http://playground');
  const method = req.method ?? 'GET';
  let actor: Actor = { kind: 'anonymous' };
  let route: Route | undefined;
  let body: unknown;
  let reply: Reply;
  let tx: Transaction | undefined;
  let counted = false;
  try {
    const raw = await readBody(req);
    actor = authenticate(sim, req.headers.authorization);
    const match = router.match(method, url.pathname);
    // A greedy {ref} or {path} that spanned segments another GitHub operation owns (commits/{ref}/status) did
    // not match: that operation is the one asked for.
    const spanned = match && match !== 'method' && match.route.path.split('/').length !== url.pathname.replace(/\/$/, '').split('/').length;
    const owner = spanned ? sim.description.operationFor(method, url.pathname) : undefined;
    if (match === undefined || match === 'method' || (owner !== undefined && owner !== match.route.operationId)) {
      throw route404(sim, method, url.pathname);
    }
    route = match.route;
    // GET /rate_limit does not count against the limit, as on GitHub.
    if (route.operationId !== 'rate-limit/get') {
      const { key, who } = rateKey(sim, actor);
      counted = true;
      sim.rateLimits.take(key, method !== 'GET', who);
    }
    body = method === 'GET' ? undefined : parseJson(raw);
    const problems = sim.description.checkRequest(method, route.path, route.operationId, match.params, url.searchParams, body);
    if (problems.detail.length > 0) {
      sim.violations.push(`request to ${route.operationId} does not match GitHub's description: ${problems.detail.join('; ')}`);
      throw invalidRequest(problems.github);
    }
    checkPermissions(actor, route, method);
    const ctx: RequestContext = { sim, actor, params: match.params, path: url.pathname, query: url.searchParams, body, headers: req.headers };
    if (method === 'GET') {
      reply = await route.handle(ctx);
    } else {
      const repo = match.params.owner && match.params.repo ? sim.store.repo(match.params.owner, match.params.repo) : undefined;
      const handle = route.handle;
      const run = sim.transaction(repo, () => handle(ctx));
      tx = run.tx;
      reply = await run.result;
    }
  } catch (e) {
    const docs = route ? sim.description.docsUrl(method, route.path) : undefined;
    reply = e instanceof GhError ? { status: e.status, body: e.body(docs), ...(e.headers ? { headers: e.headers } : {}) }
      : { status: 500, body: { message: `playground: ${(e as Error).message}`, documentation_url: docs ?? 'https://docs.github.com/rest' } };
  }
  // Where the description documents an error status without a body, answer it without one.
  if (route && reply.status >= 400 && sim.description.hasNoBody(method, route.path, reply.status)) reply = { status: reply.status, ...(reply.headers ? { headers: reply.headers } : {}) };
  if (route && sim.checkResponses && !reply.raw && reply.status !== 422 && reply.status < 500 && !isRateLimited(reply)) {
    const problems = sim.description.checkResponse(method, route.path, reply.status, reply.body);
    if (problems.length > 0) {
      const message = `playground response does not match GitHub's description: ${problems.join('; ')}`;
      sim.violations.push(message);
      reply = { status: 500, body: { message, documentation_url: 'https://docs.github.com/rest' } };
    }
  }
  // A GET answers with its ETag; one the caller already holds is 304, free of the rate limit (server/etag.ts).
  if (method === 'GET' && route) {
    const c = conditional(reply, req.headers['if-none-match']);
    reply = c.reply;
    if (c.notModified && counted) sim.rateLimits.refund(rateKey(sim, actor).key);
  }
  // A request that failed, or whose answer drifted from GitHub's description, leaves no trace in the state
  // and sends no webhook; a good one lets its webhooks and workflow triggers go.
  if (reply.status >= 400) tx?.rollback();
  else tx?.commit();
  const who = traceActor(sim, actor);
  sim.requests.push({ method, path: url.pathname, operationId: route?.operationId ?? null, status: reply.status, actor: who });
  deps.trace?.write({ method, path: url.pathname + url.search, status: reply.status, actor: who, request: body ?? null, response: reply.raw ? null : reply.body ?? null });
  res.statusCode = reply.status;
  const limits = counted || route?.operationId === 'rate-limit/get' ? sim.rateLimits.headers(rateKey(sim, actor).key) : {};
  for (const [k, v] of Object.entries({ ...HEADERS, ...limits, 'x-github-request-id': `PG-${sim.requests.length}`, ...reply.headers })) res.setHeader(k, v);
  if (reply.raw) {
    res.setHeader('content-type', reply.raw.contentType);
    res.end(reply.raw.data);
  } else if (reply.body === undefined) {
    res.end();
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(reply.body));
  }
}

/** Rate-limit refusals are GitHub's generic 403/429, not an operation's documented answer. */
function isRateLimited(reply: Reply): boolean {
  return (reply.status === 403 || reply.status === 429) && /rate limit/.test(String((reply.body as { message?: string } | undefined)?.message));
}

// The HTTP front of the simulator: git smart HTTP under /git/, the REST API everywhere else. Each REST
// request is authenticated, routed, checked against GitHub's description (when validation is on),
// answered, checked again, logged in sim.requests and, with a trace file, appended to it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sim } from '../sim.js';
import { authenticate } from './auth.js';
import { GhError } from './errors.js';
import type { Router } from './router.js';
import { traceActor, type Actor, type Reply, type Route } from './route.js';
import type { Trace } from './trace.js';
import type { Transaction } from '../state/transaction.js';

const HEADERS = {
  'x-github-media-type': 'github.v3; format=json',
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-used': '1',
  'x-ratelimit-resource': 'core',
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

export async function handleRest(deps: RestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { sim, router } = deps;
  const url = new URL(req.url ?? '/', 'http://playground');
  const method = req.method ?? 'GET';
  let actor: Actor = { kind: 'anonymous' };
  let route: Route | undefined;
  let body: unknown;
  let reply: Reply;
  let tx: Transaction | undefined;
  try {
    const raw = await readBody(req);
    actor = authenticate(sim, req.headers.authorization);
    const match = router.match(method, url.pathname);
    if (match === undefined || match === 'method') {
      // A real GitHub operation the playground does not serve is a gap to fix, not a "not found" to act on.
      const missing = sim.description?.operationFor(method, url.pathname);
      if (missing) {
        const message = `the playground does not simulate ${missing} (${method} ${url.pathname})`;
        sim.violations.push(message);
        throw new GhError(404, `Not Found: ${message}`);
      }
      throw new GhError(404, 'Not Found');
    }
    route = match.route;
    body = method === 'GET' ? undefined : parseJson(raw);
    const problems = sim.description?.checkRequest(method, route.path, route.operationId, match.params, url.searchParams, body) ?? [];
    if (problems.length > 0) {
      const message = `request to ${route.operationId} does not match GitHub's description: ${problems.join('; ')}`;
      sim.violations.push(message);
      throw new GhError(422, message);
    }
    const ctx = { sim, actor, params: match.params, path: url.pathname, query: url.searchParams, body, headers: req.headers };
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
    reply = e instanceof GhError ? { status: e.status, body: e.body() }
      : { status: 500, body: { message: `playground: ${(e as Error).message}`, documentation_url: 'https://docs.github.com/rest' } };
  }
  // Where the description documents an error status without a body, answer it without one.
  if (route && reply.status >= 400 && sim.description?.hasNoBody(method, route.path, reply.status)) reply = { status: reply.status };
  if (route && sim.description && !reply.raw && reply.status !== 422 && reply.status < 500) {
    const problems = sim.description.checkResponse(method, route.path, reply.status, reply.body);
    if (problems.length > 0) {
      const message = `playground response does not match GitHub's description: ${problems.join('; ')}`;
      sim.violations.push(message);
      reply = { status: 500, body: { message, documentation_url: 'https://docs.github.com/rest' } };
    }
  }
  // A request that failed, or whose answer drifted from GitHub's description, leaves no trace in the state
  // and sends no webhook; a good one lets its webhooks and workflow triggers go.
  if (reply.status >= 400) tx?.rollback();
  else tx?.commit();
  const who = traceActor(sim, actor);
  sim.requests.push({ method, path: url.pathname, operationId: route?.operationId ?? null, status: reply.status, actor: who });
  deps.trace?.write({ method, path: url.pathname + url.search, status: reply.status, actor: who, request: body ?? null, response: reply.raw ? null : reply.body ?? null });
  res.statusCode = reply.status;
  for (const [k, v] of Object.entries({ ...HEADERS, 'x-github-request-id': `PG-${sim.requests.length}`, ...reply.headers })) res.setHeader(k, v);
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

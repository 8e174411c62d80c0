// Only signed deliveries reach the app: GitHub signs every webhook (X-Hub-Signature-256, an HMAC-SHA256 of
// the body with WEBHOOK_SECRET). Probot's own webhooks middleware (@octokit/webhooks) answers a signature
// that does not match, or a missing one, with 400; the app answers 401 Unauthorized, logs the refusal (the
// delivery id, never the secret nor the body) and does nothing. Probot's middleware is wrapped, not forked:
// `app.getNodeMiddleware` is replaced on the instance before the server starts, a POST to the webhook path is
// read and its signature checked with Probot's own `webhooks.verify` (the same secret), and a signed one is
// handed to Probot's middleware with its body already read (`request.body`, which @octokit/webhooks reads as
// the payload, as it does behind a body parser). A signed delivery that `noWork` says needs no work by its
// event and action (the echoes of the app's own check runs) is answered 200 here and logged as ignored, as its
// handler would, without the installation Octokit Probot builds for every delivery it dispatches (about 21
// such echoes come with each plan pull request the app checks).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';

/** Probot's and @octokit/webhooks' default WEBHOOK_PATH. */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

type NodeMiddleware = Awaited<ReturnType<Probot['getNodeMiddleware']>>;

function normalise(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

function pathnameOf(url: string | undefined): string | undefined {
  try {
    return normalise(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a delivery needs no work from its event and action alone (app/handlers/triage.ts), or undefined. */
export type NoWork = (event: string, action: string) => string | undefined;

/** A payload whose first key is `action` (GitHub writes it first): its value, read without parsing the rest. */
const LEADING_ACTION = /^\s*\{\s*"action"\s*:\s*("(?:[^"\\]|\\.)*")/;

function actionIn(payload: string): string | undefined {
  const leading = LEADING_ACTION.exec(payload.slice(0, 256));
  if (leading) return JSON.parse(leading[1]!) as string;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const action = (parsed as { action?: unknown }).action;
    return typeof action === 'string' ? action : '';
  } catch {
    return undefined; // Probot's middleware answers what does not parse
  }
}

function refuse(res: ServerResponse, message: string): true {
  const body = JSON.stringify({ error: message });
  res.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  return true;
}

/** Wraps Probot's webhooks middleware so that an unsigned or wrongly signed delivery gets 401 and nothing else. */
export function requireSignedDeliveries(app: Probot, webhookPath: string = DEFAULT_WEBHOOK_PATH, noWork?: NoWork): void {
  const original = app.getNodeMiddleware.bind(app);
  const path = normalise(webhookPath);
  app.getNodeMiddleware = async (options) => {
    const inner: NodeMiddleware = await original(options);
    const wrapped = async (req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<boolean> => {
      if (req.method !== 'POST' || pathnameOf(req.url) !== normalise(options?.path ?? path)) return inner(req, res, next);
      const delivery = String(req.headers['x-github-delivery'] ?? '?');
      const signature = req.headers['x-hub-signature-256'];
      const payload = await bodyOf(req);
      if (typeof signature !== 'string' || signature === '') {
        app.log.warn({ delivery }, 'webhook refused (401): no X-Hub-Signature-256; nothing done');
        return refuse(res, 'the delivery is not signed (X-Hub-Signature-256 is missing)');
      }
      const valid = await app.webhooks.verify(payload, signature).catch(() => false);
      if (!valid) {
        app.log.warn({ delivery }, 'webhook refused (401): X-Hub-Signature-256 does not match the body and WEBHOOK_SECRET; nothing done');
        return refuse(res, 'the signature does not match the delivery and the webhook secret');
      }
      const event = req.headers['x-github-event'];
      const action = noWork && typeof event === 'string' ? actionIn(payload) : undefined;
      const reason = action === undefined ? undefined : noWork?.(event as string, action);
      if (reason !== undefined) {
        app.log.info({ event, action, delivery }, `ignored: ${reason}`);
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 }).end('ok\n');
        return true;
      }
      (req as IncomingMessage & { body?: string }).body = payload;
      return inner(req, res, next);
    };
    return wrapped as NodeMiddleware;
  };
}

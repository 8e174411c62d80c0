// The echoes of the app's own check runs (check_run created/completed, check_suite completed and requested)
// are answered 200 by the webhook middleware and logged as ignored without reaching Probot's handlers, and
// the handlers refuse them with the same reasons; anything else still reaches Probot.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSignedDeliveries } from '../../../app/github/signed-deliveries.js';
import { noWorkFor } from '../../../app/handlers/triage.js';
import { signBody } from '../../../playground/index.js';

const SECRET = 'triage-secret';
let server: Server;
let url: string;
const reached: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  // Every line the app logs, as pino writes it.
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(String(JSON.parse(line).msg)) });
  const app = new Probot({ appId: 1, privateKey, secret: SECRET, log });
  requireSignedDeliveries(app, '/hooks', noWorkFor);
  await app.load((a) => a.onAny(async (event) => { reached.push(`${event.name}.${(event.payload as { action?: string }).action ?? ''}`); }));
  const middleware = await app.getNodeMiddleware({ path: '/hooks' });
  server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A payload object, or its JSON text as sent. */
async function deliver(event: string, payload: unknown): Promise<{ status: number; body: string }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signBody(SECRET, body) },
  });
  return { status: res.status, body: await res.text() };
}

describe('deliveries that need no work', () => {
  it('says which by event and action: the echoes of check runs and suites, not their reruns, nor other events', () => {
    expect(noWorkFor('check_run', 'created')).toBe('check_run.created needs no work');
    expect(noWorkFor('check_run', 'completed')).toBe('check_run.completed needs no work');
    expect(noWorkFor('check_suite', 'completed')).toBe('check_suite.completed needs no work');
    expect(noWorkFor('check_suite', 'requested')).toMatch(/pull_request event of the same push/);
    expect(noWorkFor('check_run', 'rerequested')).toBeUndefined();
    expect(noWorkFor('check_suite', 'rerequested')).toBeUndefined();
    expect(noWorkFor('pull_request', 'closed')).toBeUndefined();
  });

  it('answers an echo 200 and logs it as ignored before Probot sees it; a rerun and other events reach Probot', async () => {
    const check_run = { name: 'migration/schema', head_sha: 'a'.repeat(40), pull_requests: [] };
    expect(await deliver('check_run', { action: 'completed', check_run })).toEqual({ status: 200, body: 'ok\n' });
    expect(await deliver('check_suite', { action: 'completed', check_suite: {} })).toEqual({ status: 200, body: 'ok\n' });
    expect(reached).toEqual([]);
    expect(logged.filter((m) => m.startsWith('ignored'))).toEqual(['ignored: check_run.completed needs no work', 'ignored: check_suite.completed needs no work']);
    expect((await deliver('check_run', { action: 'rerequested', check_run })).status).toBe(200);
    expect((await deliver('pull_request', { action: 'closed' })).status).toBe(200);
    expect(reached).toEqual(['check_run.rerequested', 'pull_request.closed']);
  });

  it('reads the action wherever it stands in the payload, escapes included', async () => {
    const before = reached.length;
    // Not the first key: the payload is parsed to find it.
    expect(await deliver('check_run', { check_run: { name: 'x' }, action: 'created' })).toEqual({ status: 200, body: 'ok\n' });
    // The first key, written with an escape: decoded as JSON decodes it, so this rerun reaches Probot.
    expect((await deliver('check_run', '{"action":"rere\\u0071uested","check_run":{"name":"x"}}')).status).toBe(200);
    expect((await deliver('check_run', { action: 'rerequested', check_run: { name: 'x' } })).status).toBe(200);
    expect(reached.slice(before)).toEqual(['check_run.rerequested', 'check_run.rerequested']);
    expect(logged.filter((m) => m.startsWith('ignored')).at(-1)).toBe('ignored: check_run.created needs no work');
  });

  it('leaves a body that is not JSON to Probot, which refuses it', async () => {
    const body = 'not json';
    const res = await fetch(url, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-github-event': 'check_run', 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signBody(SECRET, body) },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});

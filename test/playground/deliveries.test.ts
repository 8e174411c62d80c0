// Webhook deliveries like GitHub's: in order by default; concurrent and shuffled on request (a seeded order,
// so a race in the app can be replayed); a seeded chance of a lost delivery; failed deliveries redelivered
// through the app's hook deliveries API; and installation.created, sent before the app listened, redelivered
// once it does (waitForApp).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { startPlayground, type DeliveryOptions, type Playground } from '../../playground/index.js';

const servers: Server[] = [];
const playgrounds: Playground[] = [];
afterEach(async () => {
  for (const gh of playgrounds.splice(0)) await gh.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A receiver that answers after `delayMs` and records the order in which deliveries arrived and finished. */
async function receiver(delayMs: (n: number) => number): Promise<{ url: string; arrived: string[]; finished: string[] }> {
  const arrived: string[] = [];
  const finished: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.end();
        return;
      }
      const title = String((JSON.parse(Buffer.concat(chunks).toString()) as { issue?: { title?: string } }).issue?.title ?? req.headers['x-github-event']);
      arrived.push(title);
      setTimeout(() => { finished.push(title); res.end('ok'); }, delayMs(arrived.length));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, arrived, finished };
}

async function scenario(deliveries: DeliveryOptions, url?: string): Promise<Playground> {
  const gh = await startPlayground({ deliveries, webhookUrl: url, app: { permissions: { issues: 'write', metadata: 'read' }, events: ['issues'] } });
  playgrounds.push(gh);
  gh.people.createUser('carol');
  gh.people.createRepo('carol/mig', { files: { 'a.txt': 'a\n' } });
  gh.people.installApp('carol');
  await gh.webhooks.idle();
  return gh;
}

async function openIssues(gh: Playground, n: number): Promise<void> {
  const carol = gh.people.as('carol');
  await Promise.all(Array.from({ length: n }, (_, i) => carol.openIssue('carol/mig', `issue ${i}`)));
}

describe('delivery modes', () => {
  it('serial (default): one at a time, in the order of the events', async () => {
    const r = await receiver((n) => (n % 2 === 0 ? 5 : 40));
    const gh = await scenario({}, r.url);
    await openIssues(gh, 4);
    await gh.webhooks.idle();
    const emitted = gh.webhooks.deliveries.filter((d) => d.event === 'issues').map((d) => (d.payload.issue as { title: string }).title);
    expect(r.finished.filter((t) => t.startsWith('issue'))).toEqual(emitted);
  });

  it('concurrent: all at once, so a slow handler finishes after a later fast one', async () => {
    const r = await receiver((n) => (n === 2 ? 1000 : 5)); // a margin no loaded machine closes
    const gh = await scenario({ mode: 'concurrent' }, r.url);
    await openIssues(gh, 3);
    await gh.webhooks.idle();
    const issues = r.finished.filter((t) => t.startsWith('issue'));
    expect(issues).toHaveLength(3);
    expect(issues.at(-1)).toBe(r.arrived.filter((t) => t.startsWith('issue'))[0]);
  });

  it('shuffled: a seeded order within the window, the same for the same seed', async () => {
    const orders: number[][] = [];
    for (const seed of [7, 7]) {
      const r = await receiver(() => 1);
      const gh = await scenario({ mode: 'shuffled', windowMs: 1_500, seed }, r.url);
      const carol = gh.people.as('carol');
      for (let i = 0; i < 6; i += 1) await carol.openIssue('carol/mig', `issue ${i}`);
      await gh.webhooks.idle();
      orders.push(r.arrived.filter((t) => t.startsWith('issue')).map((t) => Number(t.slice('issue '.length))));
    }
    expect([...orders[0]!].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(orders[0]).toEqual(orders[1]);
    expect(orders[0]).not.toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('lost and failed deliveries', () => {
  it('drops a seeded share of deliveries and redelivers them through the app\'s hook deliveries API', async () => {
    const r = await receiver(() => 1);
    const gh = await scenario({ dropRate: 0.5, seed: 3 }, r.url);
    await openIssues(gh, 8);
    await gh.webhooks.idle();
    const lost = gh.webhooks.failed().filter((d) => d.event === 'issues');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThan(8);
    const app = new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem }, request: { retries: 0 } });
    const listed = await app.rest.apps.listWebhookDeliveries();
    expect(listed.data.filter((d) => d.status_code === 0 && d.event === 'issues')).toHaveLength(lost.length);
    gh.webhooks.options = {};
    for (const d of lost) await app.rest.apps.redeliverWebhookDelivery({ delivery_id: d.id });
    await gh.webhooks.idle();
    expect(new Set(r.arrived.filter((t) => t.startsWith('issue')))).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `issue ${i}`)));
    expect(gh.webhooks.failed().filter((d) => d.event === 'issues')).toEqual([]);
  });

  it('redelivers installation.created once the app listens (waitForApp)', async () => {
    const gh = await scenario({});
    expect(gh.webhooks.failed().map((d) => `${d.event}.${d.action}`)).toEqual(['installation.created']);
    const r = await receiver(() => 1);
    gh.setWebhookUrl(r.url);
    const ready = await gh.waitForApp({ timeoutMs: 5_000 });
    expect(ready).toEqual({ listening: true, redelivered: 1 });
    await gh.webhooks.idle();
    expect(r.arrived).toContain('installation');
    expect(gh.webhooks.deliveries.at(-1)).toMatchObject({ event: 'installation', redelivery: true, statusCode: 200 });
  });
});

describe('the transport', () => {
  it('gives up on a receiver that has not answered within the timeout, as GitHub does after 10 s', async () => {
    const r = await receiver(() => 2_000);
    const gh = await scenario({ timeoutMs: 200 }, r.url);
    await openIssues(gh, 1);
    await gh.webhooks.idle();
    expect(gh.webhooks.deliveries.at(-1)).toMatchObject({ event: 'issues', status: 'timed out', statusCode: 0 });
  });

  it('tries once more on a fresh connection when a kept-alive socket turns out closed (ECONNRESET)', async () => {
    // A receiver that drops every second request on a connection without an answer: what a client sees
    // when it reuses a socket the receiver closed a moment before.
    const requests = new WeakMap<object, number>();
    const server = createServer((req, res) => {
      const n = (requests.get(req.socket) ?? 0) + 1;
      requests.set(req.socket, n);
      req.resume();
      req.on('end', () => (n > 1 ? req.socket.destroy() : res.end('ok')));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const gh = await scenario({}, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    for (let i = 0; i < 4; i += 1) await openIssues(gh, 1);
    await gh.webhooks.idle();
    expect(gh.webhooks.deliveries.filter((d) => d.event === 'issues').map((d) => d.status)).toEqual(Array(4).fill('OK'));
  });

  it('names a receiver that refuses the connection', async () => {
    const gh = await scenario({}, 'http://127.0.0.1:9/');
    await openIssues(gh, 1);
    await gh.webhooks.idle();
    expect(gh.webhooks.deliveries.at(-1)!.status).toMatch(/^failed to connect: .*ECONNREFUSED/);
  });
});

describe('the transport, cut mid-answer', () => {
  it('records a receiver that drops the connection after its headers as failed, and goes on', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 10);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const gh = await scenario({}, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await openIssues(gh, 2);
    await gh.webhooks.idle();
    const issues = gh.webhooks.deliveries.filter((d) => d.event === 'issues');
    expect(issues).toHaveLength(2);
    for (const d of issues) expect(d.status).toMatch(/^failed to connect: /);
  });
});

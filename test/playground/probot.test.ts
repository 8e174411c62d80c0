import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
let server: Server;

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  w = await world();
  const probot = new Probot({
    appId: w.gh.app.id, privateKey: w.gh.app.privateKeyPem, secret: w.gh.app.webhookSecret, baseUrl: w.gh.url,
    log: pino({ level: 'silent' }),
  });
  const middleware = await createNodeMiddleware((app) => {
    app.on('issue_comment.created', async (context) => {
      if (context.payload.comment.body.trim() !== '/ping') return;
      await context.octokit.rest.reactions.createForIssueComment(context.repo({ comment_id: context.payload.comment.id, content: '+1' }));
      await context.octokit.rest.issues.createComment(context.issue({ body: 'pong' }));
    });
  }, { probot, webhooksPath: '/api/github/webhooks' });
  server = createServer((req, res) => {
    void middleware(req, res, () => { res.statusCode = 404; res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  w.gh.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`);
});

afterAll(async () => {
  await w.gh.close();
  await new Promise((r) => server.close(r));
  expect(w.gh.violations).toEqual([]);
});

describe('Probot against the playground', () => {
  it('authenticates as the app, receives a signed webhook, answers through its installation token', async () => {
    const carol = w.gh.people.as('carol');
    const issue = await carol.openIssue(w.repo, '/migrate init');
    const commentId = await carol.comment(w.repo, issue, '/ping');
    const pongs = await until(async () => {
      const list = await carol.octokit.issues.listComments({ owner: 'acme', repo: 'mig', issue_number: issue });
      const found = list.data.filter((c) => c.body === 'pong');
      return found.length > 0 ? found : undefined;
    });
    expect(pongs[0]!.user?.login).toBe('migration-copilot[bot]');
    const reactions = await carol.octokit.reactions.listForIssueComment({ owner: 'acme', repo: 'mig', comment_id: commentId });
    expect(reactions.data.map((r) => [r.content, r.user?.login])).toEqual([['+1', 'migration-copilot[bot]']]);
    await w.gh.webhooks.idle();
    const delivery = w.gh.webhooks.deliveries.find((d) => d.event === 'issue_comment' && d.payload.comment && (d.payload.comment as { id: number }).id === commentId)!;
    expect(delivery.statusCode).toBe(200);
    expect(w.gh.requests.some((r) => r.operationId === 'apps/create-installation-access-token' && r.actor === 'app:migration-copilot')).toBe(true);

    // Redelivery through GitHub's API (as the app, by JWT) makes the app answer again.
    await w.app.rest.apps.redeliverWebhookDelivery({ delivery_id: delivery.id });
    await until(async () => {
      const list = await carol.octokit.issues.listComments({ owner: 'acme', repo: 'mig', issue_number: issue });
      return list.data.filter((c) => c.body === 'pong').length === 2 ? true : undefined;
    });
    const redelivered = w.gh.webhooks.deliveries.filter((d) => d.redelivery);
    expect(redelivered.map((d) => d.guid)).toEqual([delivery.guid]);
  });

  it('is refused by Probot when the signature does not match the secret', async () => {
    const original = w.gh.webhooks.secret;
    w.gh.webhooks.secret = 'not-the-secret';
    try {
      const carol = w.gh.people.as('carol');
      await carol.comment(w.repo, 1, 'hello');
      await w.gh.webhooks.idle();
      expect(w.gh.webhooks.deliveries.at(-1)!.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      w.gh.webhooks.secret = original;
    }
  });
});

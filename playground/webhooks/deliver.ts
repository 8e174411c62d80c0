// Webhook deliveries to the app, like GitHub's: signed (X-Hub-Signature-256 = HMAC-SHA256 of the body with
// the webhook secret), only for events the installation subscribed to (installation events always), given
// up after 10 s and never retried on their own; each is recorded so it can be listed and redelivered (also
// through the app's hook deliveries API). GitHub sends concurrently and without an ordering guarantee; the
// playground sends one at a time in order by default (readable demos) and offers the other behaviours as
// modes: `concurrent`, `shuffled` (what is emitted within a window goes out in a seeded random order) and a
// seeded chance of a dropped delivery, so races in the app can show up in tests. With response checks on,
// a payload that does not match GitHub's webhook schemas is not sent: the mismatch is thrown to whoever
// caused the event.
import { createHmac, randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Sim } from '../sim.js';
import { checkWebhook } from './schemas.js';

export interface Delivery {
  /** Numbered when sent (a delivery held back by a failed request never is). */
  id: number;
  readonly guid: string;
  readonly event: string;
  readonly action: string | null;
  readonly payload: Record<string, unknown>;
  readonly installationId: number | null;
  readonly repositoryId: number | null;
  readonly redelivery: boolean;
  deliveredAt: string;
  statusCode: number;
  status: string;
  durationMs: number;
}

export interface DeliveryOptions {
  /** serial (default): in order, one at a time; concurrent: all at once; shuffled: in a seeded random order within each window. */
  readonly mode?: 'serial' | 'concurrent' | 'shuffled';
  /** shuffled: deliveries emitted within this many ms are sent together in a random order (default 50). */
  readonly windowMs?: number;
  /** Chance (0..1) that a delivery is lost on the way; it is recorded as failed and can be redelivered. */
  readonly dropRate?: number;
  /** Seed of the random order and of the drops (default 1): the same seed gives the same run. */
  readonly seed?: number;
  /** GitHub gives up after 10 s. */
  readonly timeoutMs?: number;
}

export type DeliveryListener = (delivery: Delivery) => void;

/** Events GitHub sends every installed app whatever it subscribed to. */
const ALWAYS = new Set(['installation', 'installation_repositories', 'installation_target', 'github_app_authorization', 'ping']);

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** mulberry32: a small seeded generator, so a shuffled or lossy run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One POST of a delivery over node's own HTTP client with kept-alive connections (a burst of deliveries
 * reuses a few sockets, as GitHub's sender does; `fresh` opens a new one): the status once the answer has
 * been read to its end. Rejects with the socket's error (code ECONNRESET and the like), or with a
 * TimeoutError when the whole exchange took longer than `timeoutMs`.
 */
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, fresh: boolean): Promise<number> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(target, {
      method: 'POST', agent: fresh ? false : https ? agents.https : agents.http,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } satisfies IncomingHttpHeaders,
    }, (res) => {
      res.resume();
      res.once('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      // The connection lost, or the timeout's destroy, after the answer began.
      res.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

export class Webhooks {
  readonly deliveries: Delivery[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly inflight = new Set<Promise<void>>();
  private readonly listeners = new Set<DeliveryListener>();
  private nextId = 1;
  private window: Delivery[] = [];
  private readonly random: () => number;
  options: DeliveryOptions;

  constructor(private readonly sim: Sim, public url: string | undefined, public secret: string, options: DeliveryOptions = {}) {
    this.options = options;
    this.random = seeded(options.seed ?? 1);
  }

  /** Calls `listener` for every delivery made from now on (after it was sent, or attempted). */
  onDelivery(listener: DeliveryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the installation named in a payload subscribed to `event`. */
  private subscribed(event: string, payload: Record<string, unknown>): boolean {
    if (ALWAYS.has(event)) return true;
    const id = (payload.installation as { id?: number } | undefined)?.id;
    const inst = id === undefined ? undefined : this.sim.store.installations.get(id);
    return (inst?.events ?? this.sim.app.registration.events).includes(event);
  }

  /** Announces an event: undefined when the app did not subscribe to it (nothing is sent, as on GitHub). */
  emit(event: string, payload: Record<string, unknown>): Delivery | undefined {
    if (this.sim.checkResponses) {
      const problems = checkWebhook(event, payload);
      if (problems.length > 0) {
        const message = `webhook ${event} does not match GitHub's webhook schemas: ${problems.join('; ')}`;
        this.sim.violations.push(message);
        throw new Error(message);
      }
    }
    if (!this.subscribed(event, payload)) return undefined;
    const installation = payload.installation as { id?: number } | undefined;
    const repository = payload.repository as { id?: number } | undefined;
    const delivery: Delivery = {
      id: 0, guid: randomUUID(), event, action: typeof payload.action === 'string' ? payload.action : null,
      payload, installationId: installation?.id ?? null, repositoryId: repository?.id ?? null, redelivery: false,
      deliveredAt: this.sim.store.now(), statusCode: 0, status: 'pending', durationMs: 0,
    };
    // Inside a REST request the delivery waits until the request has succeeded (state/transaction.ts).
    this.sim.defer(() => this.send(delivery));
    return delivery;
  }

  /** Sends a past delivery again with the same X-GitHub-Delivery id, as GitHub's redelivery does. */
  redeliver(id: number): Delivery | undefined {
    const past = this.deliveries.find((d) => d.id === id);
    if (!past) return undefined;
    const again: Delivery = { ...past, id: 0, redelivery: true, deliveredAt: this.sim.store.now(), statusCode: 0, status: 'pending', durationMs: 0 };
    this.sim.defer(() => this.send(again));
    return again;
  }

  /** Deliveries that failed and were not delivered since (by guid): what "redeliver failed" in GitHub's UI would pick. */
  failed(): Delivery[] {
    const ok = new Set(this.deliveries.filter((d) => d.statusCode >= 200 && d.statusCode < 300).map((d) => d.guid));
    const seen = new Set<string>();
    return this.deliveries.filter((d) => d.status !== 'pending' && !ok.has(d.guid) && !seen.has(d.guid) && seen.add(d.guid));
  }

  /** Redelivers every failed delivery (e.g. installation.created sent before the app listened). */
  redeliverFailed(): Delivery[] {
    return this.failed().map((d) => this.redeliver(d.id)!);
  }

  /**
   * Waits until something answers HTTP at the webhook URL (any status: the app is listening), then
   * redelivers what failed meanwhile. `listening` is false when the time ran out or there is no URL.
   */
  async waitForApp(opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<{ listening: boolean; redelivered: number }> {
    const end = Date.now() + (opts.timeoutMs ?? 30_000);
    for (;;) {
      if (this.url) {
        try {
          const res = await fetch(this.url, { method: 'GET', signal: AbortSignal.timeout(2_000) });
          await res.arrayBuffer();
          await this.idle();
          return { listening: true, redelivered: this.redeliverFailed().length };
        } catch {
          // not listening yet
        }
      }
      if (Date.now() >= end) return { listening: false, redelivered: 0 };
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
    }
  }

  /** Resolves when every delivery emitted so far has been attempted. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private send(delivery: Delivery): Delivery {
    delivery.id = this.nextId++;
    this.deliveries.push(delivery);
    const mode = this.options.mode ?? 'serial';
    if (mode === 'concurrent') {
      this.track(this.attempt(delivery));
    } else if (mode === 'shuffled') {
      this.window.push(delivery);
      if (this.window.length === 1) {
        this.track(new Promise<void>((resolve) => setTimeout(resolve, this.options.windowMs ?? 50)).then(() => {
          const batch = this.window.splice(0);
          for (let i = batch.length - 1; i > 0; i -= 1) {
            const j = Math.floor(this.random() * (i + 1));
            [batch[i], batch[j]] = [batch[j]!, batch[i]!];
          }
          return Promise.all(batch.map((d) => this.attempt(d))).then(() => undefined);
        }));
      }
    } else {
      this.chain = this.chain.then(() => this.attempt(delivery));
      this.track(this.chain);
    }
    return delivery;
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const started = Date.now();
    if (this.options.dropRate && this.random() < this.options.dropRate) {
      delivery.status = 'failed: lost on the way (the playground dropped it)';
    } else if (this.url) {
      const body = JSON.stringify(delivery.payload);
      try {
        const url = this.url;
        const headers = {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/playground',
          'x-github-event': delivery.event,
          'x-github-delivery': delivery.guid,
          'x-github-hook-id': '1',
          'x-github-hook-installation-target-type': 'integration',
          'x-github-hook-installation-target-id': String(this.sim.app.id),
          'x-hub-signature-256': signBody(this.secret, body),
          'x-hub-signature': `sha1=${createHmac('sha1', this.secret).update(body).digest('hex')}`,
        };
        const send = (fresh: boolean) => post(url, headers, body, this.options.timeoutMs ?? 10_000, fresh);
        // A kept-alive socket the receiver already closed fails before any answer (ECONNRESET): that is the
        // transport, not the delivery, so it is tried once more on a fresh connection. Nothing else is retried.
        const status = await send(false).catch((e: unknown) => {
          if ((e as { code?: string }).code === 'ECONNRESET') return send(true);
          throw e;
        });
        delivery.statusCode = status;
        delivery.status = status >= 200 && status < 300 ? 'OK' : `Invalid HTTP Response: ${status}`;
      } catch (e) {
        delivery.status = (e as Error).name === 'TimeoutError' ? 'timed out' : `failed to connect: ${(e as Error).message}`;
      }
    } else {
      delivery.status = 'no webhook URL';
    }
    delivery.durationMs = Date.now() - started;
    for (const listener of this.listeners) {
      try {
        listener(delivery);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}

// Webhook deliveries to the app: signed like GitHub's (X-Hub-Signature-256 = HMAC-SHA256 of the body
// with the webhook secret), POSTed in order, one at a time, each recorded so it can be listed and
// redelivered. With validation on, a payload that does not match GitHub's webhook schemas is not sent:
// the mismatch is thrown to whoever caused the event.
import { createHmac, randomUUID } from 'node:crypto';
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

export type DeliveryListener = (delivery: Delivery) => void;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class Webhooks {
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<DeliveryListener>();
  private nextId = 1;

  constructor(private readonly sim: Sim, public url: string | undefined, public secret: string) {}

  /** Calls `listener` for every delivery made from now on (after it was sent, or attempted). */
  onDelivery(listener: DeliveryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: string, payload: Record<string, unknown>): Delivery {
    if (this.sim.description) {
      const problems = checkWebhook(event, payload);
      if (problems.length > 0) {
        const message = `webhook ${event} does not match GitHub's webhook schemas: ${problems.join('; ')}`;
        this.sim.violations.push(message);
        throw new Error(message);
      }
    }
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
    return this.send({ ...past, id: 0, redelivery: true, deliveredAt: this.sim.store.now(), statusCode: 0, status: 'pending' });
  }

  /** Resolves when every delivery emitted so far has been attempted. */
  idle(): Promise<void> {
    return this.queue;
  }

  private send(delivery: Delivery): Delivery {
    delivery.id = this.nextId++;
    this.deliveries.push(delivery);
    this.queue = this.queue.then(async () => {
      const started = Date.now();
      if (this.url) {
        const body = JSON.stringify(delivery.payload);
        try {
          const res = await fetch(this.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'GitHub-Hookshot/playground',
              'x-github-event': delivery.event,
              'x-github-delivery': delivery.guid,
              'x-github-hook-id': '1',
              'x-github-hook-installation-target-type': 'integration',
              'x-github-hook-installation-target-id': String(this.sim.app.id),
              'x-hub-signature-256': signBody(this.secret, body),
              'x-hub-signature': `sha1=${createHmac('sha1', this.secret).update(body).digest('hex')}`,
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          delivery.statusCode = res.status;
          delivery.status = res.ok ? 'OK' : `HTTP ${res.status}`;
        } catch (e) {
          delivery.status = `failed: ${(e as Error).message}`;
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
    });
    return delivery;
  }
}

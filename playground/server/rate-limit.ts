// GitHub's REST rate limits, counted per credential: a primary budget per hour (5,000 for user and
// installation tokens, 60 for anonymous callers, as on github.com) whose state every response reports in
// x-ratelimit-* headers, and an optional secondary limit on writes that come too fast. Exhausted, they
// answer as GitHub does (403 by default, or 429) so a client's throttling and retry paths can be tested:
// the primary with x-ratelimit-remaining 0 and the reset time, the secondary with retry-after.
import type { Sim } from '../sim.js';
import { GhError } from './errors.js';
import type { Actor } from './route.js';

export interface RateLimitOptions {
  /** Requests per hour for a token (default 5000). */
  readonly limit?: number;
  /** Requests per hour without credentials (default 60). */
  readonly anonymousLimit?: number;
  /** Length of the primary window in ms (default one hour). */
  readonly windowMs?: number;
  /** Secondary limit: at most this many writes (POST, PATCH, PUT, DELETE) per token within secondaryWindowMs. */
  readonly writesPerWindow?: number;
  /** Default 60 000 ms. */
  readonly secondaryWindowMs?: number;
  /** The status of a refusal: 403 (GitHub's usual) or 429. */
  readonly status?: 403 | 429;
}

interface Budget {
  used: number;
  resetAt: number;
  writes: number[];
}

export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

export class RateLimits {
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly options: RateLimitOptions = {}, private readonly now: () => number = Date.now) {}

  private limitFor(key: string): number {
    return key === 'anonymous' ? this.options.anonymousLimit ?? 60 : this.options.limit ?? 5000;
  }

  private budget(key: string): Budget {
    const now = this.now();
    let b = this.budgets.get(key);
    if (!b || b.resetAt <= now) {
      b = { used: 0, resetAt: now + (this.options.windowMs ?? 3600_000), writes: [] };
      this.budgets.set(key, b);
    }
    return b;
  }

  /** The budget of a credential as GET /rate_limit reports it. */
  state(key: string): { limit: number; used: number; remaining: number; reset: number } {
    const b = this.budget(key);
    const limit = this.limitFor(key);
    return { limit, used: b.used, remaining: Math.max(0, limit - b.used), reset: Math.ceil(b.resetAt / 1000) };
  }

  headers(key: string): Record<string, string> {
    const s = this.state(key);
    return {
      'x-ratelimit-limit': String(s.limit), 'x-ratelimit-remaining': String(s.remaining), 'x-ratelimit-used': String(s.used),
      'x-ratelimit-reset': String(s.reset), 'x-ratelimit-resource': 'core',
    };
  }

  /** Gives back the request just counted (a 304 Not Modified does not count, as on GitHub). */
  refund(key: string): void {
    const b = this.budget(key);
    b.used = Math.max(0, b.used - 1);
  }

  /** Counts one request; throws GitHub's refusal when a limit is exhausted (`who` names the caller in the message). */
  take(key: string, write: boolean, who: string): void {
    const b = this.budget(key);
    const status = this.options.status ?? 403;
    if (b.used >= this.limitFor(key)) {
      const message = key === 'anonymous'
        ? `API rate limit exceeded for ${who}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`
        : `API rate limit exceeded for ${who}.`;
      throw new GhError(status, message, undefined, RATE_LIMIT_DOCS, { 'retry-after': String(Math.max(1, Math.ceil((b.resetAt - this.now()) / 1000))) });
    }
    const max = this.options.writesPerWindow;
    // The app's own JWT calls (token minting) are not content creation: the secondary limit leaves them alone.
    if (write && max !== undefined && key !== 'app') {
      const now = this.now();
      const windowMs = this.options.secondaryWindowMs ?? 60_000;
      b.writes = b.writes.filter((t) => t > now - windowMs);
      if (b.writes.length >= max) {
        const retryAfter = Math.max(1, Math.ceil((b.writes[0]! + windowMs - now) / 1000));
        throw new GhError(status, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          undefined, 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits', { 'retry-after': String(retryAfter) });
      }
      b.writes.push(now);
    }
    b.used += 1;
  }
}

/** The key of a caller's rate-limit budget and how GitHub names it in the refusal. */
export function rateKey(sim: Sim, actor: Actor): { key: string; who: string } {
  if (actor.kind === 'installation') return { key: actor.token, who: `installation ID ${actor.installationId}` };
  if (actor.kind === 'user') return { key: actor.token ?? actor.login, who: `user ID ${sim.store.account(actor.login)?.id ?? 0}` };
  if (actor.kind === 'app') return { key: 'app', who: `app ID ${sim.app.id}` };
  return { key: 'anonymous', who: '127.0.0.1' };
}

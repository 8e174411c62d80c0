// Retries of transient failures: exponential backoff with full jitter (a random wait between 0 and
// min(max_delay, base * 2^attempt)), up to the policy's max_attempts. A failure that is not transient
// (classifyDriverError) fails at once with its cause.
import { CopilotError } from '../../core/errors.js';
import { classifyDriverError } from '../connectors/transient.js';

export interface RetryPolicy {
  readonly max_attempts: number;
  readonly base_delay_ms: number;
  readonly max_delay_ms: number;
}

export const DEFAULT_RETRY: RetryPolicy = { max_attempts: 5, base_delay_ms: 200, max_delay_ms: 30_000 };

export interface RetryHooks {
  /** Called before each wait, with the failure and the attempt that failed (1-based). */
  readonly onRetry?: (e: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.max_delay_ms, policy.base_delay_ms * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/** Runs `work` until it succeeds, a failure is not transient, or the attempts run out. */
export async function withRetry<T>(policy: RetryPolicy, work: (attempt: number) => Promise<T>, hooks: RetryHooks = {}): Promise<{ value: T; attempts: number }> {
  const random = hooks.random ?? Math.random;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(attempt), attempts: attempt };
    } catch (e) {
      const { transient } = classifyDriverError(e);
      if (!transient) throw e;
      if (attempt >= policy.max_attempts) {
        const what = e instanceof Error ? e.message : String(e);
        throw new CopilotError(e instanceof CopilotError ? e.code : 'INTERNAL', `${what} (transient, still failing after ${attempt} attempts)`, { cause: e });
      }
      const delay = backoffDelay(policy, attempt, random);
      await hooks.onRetry?.(e, attempt, delay);
      await sleep(delay);
    }
  }
}

// The app's own settings, read from the environment in this one place (Probot reads its own: APP_ID,
// PRIVATE_KEY[_PATH], WEBHOOK_SECRET, PORT, WEBHOOK_PATH, LOG_LEVEL, WEBHOOK_PROXY_URL, GHE_HOST,
// GHE_PROTOCOL). Key settings are paths, never key material, and describeSettings() says only whether each
// is set, so nothing secret reaches a log. A queue URL's password is masked before it is shown anywhere.
import { CopilotError } from '../core/errors.js';

export interface AppSettings {
  /** MIGRATION_COPILOT_PLAN_KEY: path to the plan-signing private key (PEM, Ed25519 or P-256). */
  readonly planKeyPath: string | undefined;
  /** MIGRATION_COPILOT_TAG_KEY: path to the OpenSSH private key that signs plan/v<N> tags. */
  readonly tagKeyPath: string | undefined;
  /**
   * MIGRATION_COPILOT_ARTIFACT_STORE: where the app reads (and the evidence composer writes) artifacts:
   * `file:DIR` (default `file:artifacts` under the working directory), `s3://bucket/prefix`, `gs://bucket/prefix`.
   */
  readonly artifactStore: string;
  /** QUEUE_URL: postgres://… runs jobs through pg-boss (several replicas); unset, an in-process queue. */
  readonly queueUrl: string | undefined;
  /** MIGRATION_COPILOT_QUEUE_SCHEMA: the PostgreSQL schema pg-boss keeps its tables in (default pgboss). */
  readonly queueSchema: string;
  /** MIGRATION_COPILOT_RECONCILE_ON_START: "false" skips reconciling every installation at start (default true). */
  readonly reconcileOnStart: boolean;
  /** MIGRATION_COPILOT_TOKEN_CACHE_SECONDS: how long a REST API caller's token check is trusted (default 60). */
  readonly tokenCacheSeconds: number;
  /**
   * MIGRATION_COPILOT_WRITE_INTERVAL_MS: the least time between two of an installation's writes (POST, PATCH,
   * PUT, DELETE), one write at a time per installation. Default 1000: GitHub's guidance against its
   * secondary rate limits on github.com. A GitHub Enterprise Server without rate limits (their default) can
   * take 0.
   */
  readonly writeIntervalMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function readSettings(env: Env): AppSettings {
  const queueUrl = nonEmpty(env, 'QUEUE_URL');
  if (queueUrl !== undefined && !/^postgres(ql)?:\/\//.test(queueUrl)) {
    throw new CopilotError('USAGE', `QUEUE_URL must be a postgres:// URL (pg-boss), not "${maskUrl(queueUrl)}"`, {
      hint: 'unset QUEUE_URL for the in-process queue, or point it at a PostgreSQL database the replicas share',
    });
  }
  const queueSchema = nonEmpty(env, 'MIGRATION_COPILOT_QUEUE_SCHEMA') ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(queueSchema)) {
    throw new CopilotError('USAGE', `MIGRATION_COPILOT_QUEUE_SCHEMA must be a lower-case PostgreSQL identifier, not "${queueSchema}"`);
  }
  const cacheText = nonEmpty(env, 'MIGRATION_COPILOT_TOKEN_CACHE_SECONDS') ?? '60';
  const tokenCacheSeconds = Number(cacheText);
  if (!Number.isInteger(tokenCacheSeconds) || tokenCacheSeconds < 0 || tokenCacheSeconds > 3600) {
    throw new CopilotError('USAGE', `MIGRATION_COPILOT_TOKEN_CACHE_SECONDS must be a whole number of seconds from 0 to 3600, not "${cacheText}"`);
  }
  const intervalText = nonEmpty(env, 'MIGRATION_COPILOT_WRITE_INTERVAL_MS') ?? '1000';
  const writeIntervalMs = Number(intervalText);
  if (!Number.isInteger(writeIntervalMs) || writeIntervalMs < 0 || writeIntervalMs > 60_000) {
    throw new CopilotError('USAGE', `MIGRATION_COPILOT_WRITE_INTERVAL_MS must be a whole number of milliseconds from 0 to 60000, not "${intervalText}"`);
  }
  const reconcileText = nonEmpty(env, 'MIGRATION_COPILOT_RECONCILE_ON_START') ?? 'true';
  if (reconcileText !== 'true' && reconcileText !== 'false') {
    throw new CopilotError('USAGE', `MIGRATION_COPILOT_RECONCILE_ON_START must be true or false, not "${reconcileText}"`);
  }
  return {
    planKeyPath: nonEmpty(env, 'MIGRATION_COPILOT_PLAN_KEY'),
    tagKeyPath: nonEmpty(env, 'MIGRATION_COPILOT_TAG_KEY'),
    artifactStore: nonEmpty(env, 'MIGRATION_COPILOT_ARTIFACT_STORE') ?? 'file:artifacts',
    queueUrl,
    queueSchema,
    reconcileOnStart: reconcileText === 'true',
    writeIntervalMs,
    tokenCacheSeconds,
  };
}

/** A URL with its password replaced by "***" (for logs and errors). */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** What may be logged about the settings: which keys are configured (never their paths' contents), the queue kind. */
export function describeSettings(s: AppSettings): Record<string, string | boolean | number> {
  return {
    planKey: s.planKeyPath !== undefined,
    tagKey: s.tagKeyPath !== undefined,
    artifactStore: maskUrl(s.artifactStore),
    queue: s.queueUrl === undefined ? 'in-process' : `pg-boss ${maskUrl(s.queueUrl)}`,
    reconcileOnStart: s.reconcileOnStart,
    tokenCacheSeconds: s.tokenCacheSeconds,
    writeIntervalMs: s.writeIntervalMs,
  };
}

// `npm start`: runs the app with Probot's own server and conventions (APP_ID, PRIVATE_KEY or
// PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, LOG_LEVEL, WEBHOOK_PROXY_URL, GHE_HOST +
// GHE_PROTOCOL), through probot's `run`. startApp() is the same path for tests and the benchmark: they
// pass an environment and a logger instead of the process's, and get the server, its port and the queue.
// A delivery without a valid signature is answered 401 and does nothing (app/github/signed-deliveries.ts,
// around Probot's own webhooks middleware).
import { pathToFileURL } from 'node:url';
import Bottleneck from 'bottleneck';
import { ProbotOctokit, run, type ApplicationFunction, type Logger, type Server } from 'probot';
import { octokitFetch } from './github/fetch.js';
import { requireSignedDeliveries } from './github/signed-deliveries.js';
import { noWorkFor } from './handlers/triage.js';
import { migrationCopilot } from './index.js';
import { readSettings } from './settings.js';
import type { AppRuntime } from './queue/runtime.js';

export interface RunningApp {
  readonly server: Server;
  /** The port it listens on (PORT). */
  readonly port: number;
  readonly runtime: AppRuntime;
  /** Resolves when this app's queue has nothing queued or running. */
  idle(): Promise<void>;
  /** Stops the HTTP server, then lets running jobs finish. */
  stop(): Promise<void>;
}

/**
 * Probot's Octokit sending through octokitFetch (app/github/fetch.ts), with the write pacing of
 * MIGRATION_COPILOT_WRITE_INTERVAL_MS (app/settings.ts). Probot's throttling plugin sends one write at a
 * time at least a second apart, for each installation (Probot keys its limiters by installation id); this
 * keeps its retries on rate limits and replaces only that interval. Settings that do not parse are
 * left to the app function, which refuses them with the variable named.
 */
function pacedOctokit(env: NodeJS.ProcessEnv): typeof ProbotOctokit {
  let minTime = 1000;
  try {
    minTime = readSettings(env).writeIntervalMs;
  } catch {
    // reported by migrationCopilot's own readSettings
  }
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime });
  return ProbotOctokit.defaults((options: Record<string, unknown>) => {
    const request = (options.request ?? {}) as { fetch?: unknown };
    return { ...options, throttle: { ...(options.throttle as object | undefined), write }, request: { ...request, fetch: request.fetch ?? octokitFetch } };
  });
}

export async function startApp(env: NodeJS.ProcessEnv, options: { log?: Logger } = {}): Promise<RunningApp> {
  let runtime: AppRuntime | undefined;
  const appFn = migrationCopilot(env, (r) => { runtime = r; });
  const signedOnly: ApplicationFunction = (app, opts) => {
    requireSignedDeliveries(app, env.WEBHOOK_PATH || undefined, noWorkFor);
    return appFn(app, opts);
  };
  const server = await run(signedOnly, { env, Octokit: pacedOctokit(env), ...(options.log ? { log: options.log } : {}) });
  if (!runtime) throw new Error('the app function did not start (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH must be set)');
  const rt = runtime;
  return {
    server, port: server.port, runtime: rt,
    idle: () => rt.queue.idle(),
    async stop() {
      await server.stop();
      await rt.queue.stop();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startApp(process.env);
  process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
}

// `npm start`: runs the app with Probot's own server and conventions (APP_ID, PRIVATE_KEY or
// PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, LOG_LEVEL, WEBHOOK_PROXY_URL, GHE_HOST +
// GHE_PROTOCOL), through probot's `run`. startApp() is the same path for tests and the benchmark: they
// pass an environment and a logger instead of the process's, and get the server, its port and the queue.
// A delivery without a valid signature is answered 401 and does nothing (app/github/signed-deliveries.ts,
// around Probot's own webhooks middleware).
import { pathToFileURL } from 'node:url';
import { run, type ApplicationFunction, type Logger, type Server } from 'probot';
import { requireSignedDeliveries } from './github/signed-deliveries.js';
import { migrationCopilot } from './index.js';
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

export async function startApp(env: NodeJS.ProcessEnv, options: { log?: Logger } = {}): Promise<RunningApp> {
  let runtime: AppRuntime | undefined;
  const appFn = migrationCopilot(env, (r) => { runtime = r; });
  const signedOnly: ApplicationFunction = (app, opts) => {
    requireSignedDeliveries(app, env.WEBHOOK_PATH || undefined);
    return appFn(app, opts);
  };
  const server = await run(signedOnly, { env, ...(options.log ? { log: options.log } : {}) });
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

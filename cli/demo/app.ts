// The app in the demo, started exactly as `npm start` starts it (app/main.ts startApp over Probot's run)
// with the environment a user would give it for the simulator: APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET,
// PORT, GHE_HOST + GHE_PROTOCOL, and the app's own MIGRATION_COPILOT_PLAN_KEY and MIGRATION_COPILOT_TAG_KEY
// (paths; the keys are never printed). Its log goes to app.log in the work folder, not to the terminal.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/main.js';
import type { Playground } from '../../playground/index.js';
import type { DemoKeys } from './keys.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface DemoApp {
  readonly app: RunningApp;
  readonly url: string;
  readonly logFile: string;
}

export async function startDemoApp(gh: Playground, work: string, keys: DemoKeys): Promise<DemoApp> {
  const port = await freePort();
  const logFile = join(work, 'app.log');
  const env: NodeJS.ProcessEnv = {
    APP_ID: String(gh.app.id), PRIVATE_KEY_PATH: gh.app.privateKeyFile, WEBHOOK_SECRET: gh.app.webhookSecret,
    PORT: String(port), HOST: '127.0.0.1', GHE_HOST: new URL(gh.url).host, GHE_PROTOCOL: 'http', LOG_LEVEL: 'info',
    MIGRATION_COPILOT_PLAN_KEY: keys.planKeyFile, MIGRATION_COPILOT_TAG_KEY: keys.tagKeyFile,
    MIGRATION_COPILOT_ARTIFACT_STORE: `file:${join(work, 'artifacts')}`,
    // The simulator, like a GitHub Enterprise Server by default, has no secondary rate limit to pace writes for.
    MIGRATION_COPILOT_WRITE_INTERVAL_MS: '0',
  };
  const log = pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true, mkdir: true }));
  const app = await startApp(env, { log });
  return { app, url: `http://127.0.0.1:${port}`, logFile };
}

/** Waits until the simulator has delivered every webhook, the app's queue is empty and workflows are done, twice in a row. */
export async function settle(gh: Playground, app: RunningApp): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const before = gh.webhooks.deliveries.length + gh.actions.runs.length;
    await gh.webhooks.idle();
    await app.idle();
    await gh.actions.idle();
    await new Promise((r) => setTimeout(r, 20));
    quiet = gh.webhooks.deliveries.length + gh.actions.runs.length === before ? quiet + 1 : 0;
  }
}

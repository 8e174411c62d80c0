// Shared set-up for the app's tests: the simulator with the demo's people, a migration repository (the
// example with its plan held back for a pull request), and the app started the way `npm start` starts it
// (app/main.ts startApp over Probot's run), its webhooks pointed at the app's port.
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/main.js';
import { startPlayground, type Playground } from '../../playground/index.js';

export const EXAMPLE = resolve(import.meta.dirname, '../../examples/demo-migration');
export const PLAN = 'plans/migration_plan.json';
export const MAPPING = 'contracts/schema_mapping.yml';

export async function exampleFiles(): Promise<{ main: Record<string, string>; plan: string }> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(EXAMPLE, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath, entry.name);
    out[relative(EXAMPLE, abs).split(sep).join('/')] = await readFile(abs, 'utf8');
  }
  const { [PLAN]: plan, ...main } = out;
  return { main, plan: plan! };
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** The environment `npm start` would be given for this simulator (GHE_HOST points Probot at it). */
export function appEnv(gh: Playground, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const host = new URL(gh.url).host;
  return {
    APP_ID: String(gh.app.id), PRIVATE_KEY_PATH: gh.app.privateKeyFile, WEBHOOK_SECRET: gh.app.webhookSecret,
    PORT: String(port), HOST: '127.0.0.1', GHE_HOST: host, GHE_PROTOCOL: 'http', LOG_LEVEL: 'silent', NODE_ENV: 'test',
    // The simulator has no secondary rate limit unless a test sets one: no pacing of writes.
    MIGRATION_COPILOT_WRITE_INTERVAL_MS: '0',
    ...extra,
  };
}

export async function launch(gh: Playground, extra: Record<string, string> = {}): Promise<RunningApp & { readonly url: string }> {
  const port = await freePort();
  const app = await startApp(appEnv(gh, port, extra), { log: pino({ level: extra.LOG_LEVEL ?? 'silent' }) });
  return Object.assign(app, { url: `http://127.0.0.1:${port}` });
}

export interface AppWorld {
  readonly gh: Playground;
  readonly owner: 'acme';
  readonly name: string;
  readonly full: string;
  readonly plan: string;
  readonly main: Record<string, string>;
}

/** People of the demo (alice tech_lead, dora data_owner, sam security, carol the author) and one migration repository. */
export async function appWorld(name = 'mig'): Promise<AppWorld> {
  const gh = await startPlayground();
  for (const login of ['carol', 'alice', 'dora', 'sam', 'quinn', 'bo', 'rita']) gh.people.createUser(login);
  gh.people.createOrg('acme', ['carol', 'alice', 'dora', 'sam', 'quinn', 'bo', 'rita']);
  gh.people.createTeam('acme', 'data-leads', ['alice']);
  const { main, plan } = await exampleFiles();
  gh.people.createRepo(`acme/${name}`, { files: main, private: true });
  return { gh, owner: 'acme', name, full: `acme/${name}`, plan, main };
}

/** Waits until the simulator has delivered everything and every app's queue is empty, twice in a row. */
export async function settle(gh: Playground, apps: readonly Pick<RunningApp, 'idle'>[]): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const before = gh.webhooks.deliveries.length;
    await gh.webhooks.idle();
    await Promise.all(apps.map((a) => a.idle()));
    await new Promise((r) => setTimeout(r, 20));
    quiet = gh.webhooks.deliveries.length === before ? quiet + 1 : 0;
  }
}

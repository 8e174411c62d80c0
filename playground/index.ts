// The local GitHub: startPlayground() starts one simulator instance (REST API, git over smart HTTP,
// webhooks, workflow triggers, simulated people) on a local port, with its git data in a temp dir that
// close() removes. Requests are always checked against GitHub's description; responses and webhooks too
// under the test suite, when a trace file is written, or when asked for. The app's permissions and events
// come from the project's app.yml unless the caller registers others.
import { generateKeyPair, createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Actions } from './actions/triggers.js';
import { ROUTES } from './api/routes.js';
import { handleGit } from './git/http-backend.js';
import { forgetUnder } from './git/objects.js';
import { generateSshKey } from './git/sshsig.js';
import { People } from './people/people.js';
import { handleRest } from './server/http.js';
import { githubDescription } from './server/openapi.js';
import { Router } from './server/router.js';
import type { Route } from './server/route.js';
import { Trace } from './server/trace.js';
import { Sim, type RequestRecord } from './sim.js';
import { Webhooks, type DeliveryOptions } from './webhooks/deliver.js';
import { RateLimits, type RateLimitOptions } from './server/rate-limit.js';
import { readManifest, type AppRegistration } from './state/manifest.js';

export interface PlaygroundOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  readonly host?: string;
  /** Where webhooks are POSTed (none: recorded only). Can be changed later with setWebhookUrl. */
  readonly webhookUrl?: string;
  readonly webhookSecret?: string;
  /** Append one JSON line per request to this file (default: MIGRATION_COPILOT_SIM_TRACE). */
  readonly trace?: string;
  /** Check every request, response and webhook against GitHub's descriptions (default: under vitest or with a trace). */
  readonly validate?: boolean;
  /** The app's RSA private key (PEM); one is made when absent. */
  readonly privateKeyPem?: string;
  readonly appSlug?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the per-instance data directory is made (default: /dev/shm when writable, else the temp dir). */
  readonly dataRoot?: string;
  /** Routes served before the built-in ones (tests use this to prove that a drifting handler is caught). */
  readonly extraRoutes?: readonly Route[];
  /** The app's permissions and events (default: read from `manifest`). */
  readonly app?: AppRegistration;
  /** A GitHub App manifest to read the app's permissions and events from (default: the project's app.yml). */
  readonly manifest?: string;
  /** How webhooks are delivered (default: serial, in order). */
  readonly deliveries?: DeliveryOptions;
  /** Rate limits (default: GitHub's, 5000 an hour per token, no secondary limit). */
  readonly rateLimit?: RateLimitOptions;
}

export interface Playground {
  /** The REST base URL (Octokit/Probot baseUrl). */
  readonly url: string;
  /** Base of clone URLs: `${gitUrl}/{owner}/{repo}.git`. */
  readonly gitUrl: string;
  readonly app: {
    readonly id: number; readonly slug: string; readonly privateKeyPem: string; readonly privateKeyFile: string; readonly webhookSecret: string;
  };
  /** The public key GitHub signs web-flow merges with ("ssh-ed25519 ..."), for allowed-signers files. */
  readonly webFlowPublicKey: string;
  readonly people: People;
  readonly webhooks: Webhooks;
  readonly actions: Actions;
  /** Mismatches with GitHub's descriptions seen so far; empty in a healthy run. */
  readonly violations: readonly string[];
  readonly requests: readonly RequestRecord[];
  readonly sim: Sim;
  setWebhookUrl(url: string | undefined): void;
  /**
   * Waits until the app answers at the webhook URL, then redelivers what failed meanwhile (the
   * installation.created of a world seeded before the app started, for one).
   */
  waitForApp(opts?: { timeoutMs?: number; intervalMs?: number }): Promise<{ listening: boolean; redelivered: number }>;
  close(): Promise<void>;
}

/** Memory-backed /dev/shm where there is one (git data of a simulator is small, and disks are slow). */
function defaultDataRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

async function rsaKey(): Promise<string> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const env = options.env ?? process.env;
  const tracePath = options.trace ?? env.MIGRATION_COPILOT_SIM_TRACE;
  // Requests are always checked against GitHub's description (its first use costs ~1 s: the 13 MB document).
  // Responses and webhooks are checked where asked for: a trace, MIGRATION_COPILOT_SIM_VALIDATE=1 (the test
  // suite sets it), or the option.
  const validate = options.validate ?? (env.MIGRATION_COPILOT_SIM_VALIDATE === '1' || Boolean(tracePath));
  const registration = options.app ?? readManifest(options.manifest);
  const dataDir = mkdtempSync(join(options.dataRoot ?? defaultDataRoot(), 'mc-playground-'));
  const privateKeyPem = options.privateKeyPem ?? await rsaKey();
  const privateKeyFile = join(dataDir, 'app-private-key.pem');
  writeFileSync(privateKeyFile, privateKeyPem, { mode: 0o600 });
  const slug = options.appSlug ?? 'migration-copilot';
  const sim = new Sim(dataDir, {
    id: 1000 + (randomBytes(2).readUInt16BE() % 9000), slug, name: slug, clientId: `Iv1.${randomBytes(8).toString('hex')}`,
    privateKeyPem, publicKey: createPublicKey(createPrivateKey(privateKeyPem)),
    webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'), owner: 'playground', registration,
  }, generateSshKey(), githubDescription(), validate, new RateLimits(options.rateLimit));
  sim.webhooks = new Webhooks(sim, options.webhookUrl, sim.app.webhookSecret, options.deliveries);
  sim.actions = new Actions(sim);
  const people = new People(sim);
  people.createOrg('playground');
  sim.store.addAccount({ id: sim.store.nextId(), login: `${slug}[bot]`, type: 'Bot', name: slug, email: `${sim.app.id}+${slug}[bot]@users.noreply.playground`, signingKeys: [], createdAt: sim.store.now() });
  sim.store.addAccount({ id: sim.store.nextId(), login: 'github-actions[bot]', type: 'Bot', name: 'github-actions', email: '41898282+github-actions[bot]@users.noreply.playground', signingKeys: [], createdAt: sim.store.now() });

  const router = new Router([...(options.extraRoutes ?? []), ...ROUTES]);
  const trace = tracePath ? new Trace(tracePath) : null;
  const server: Server = createServer((req, res) => {
    // GitHub Enterprise's prefix: Probot with GHE_HOST=<host:port> GHE_PROTOCOL=http uses <url>/api/v3.
    if (req.url === '/api/v3' || req.url?.startsWith('/api/v3/') || req.url?.startsWith('/api/v3?')) req.url = req.url.slice('/api/v3'.length) || '/';
    const handler = req.url?.startsWith('/git/') ? handleGit(sim, req, res, trace) : handleRest({ sim, router, trace }, req, res);
    handler.catch((e: unknown) => {
      if (!res.headersSent) res.statusCode = 500;
      res.end(`playground: ${(e as Error).message}`);
    });
  });
  // GitHub keeps a client's connection open between requests. A keep-alive hint of a second or less makes
  // undici (Node's fetch, which Octokit uses) close every connection after one response, so a client would
  // pay a new TCP connection per request. close() ends every connection anyway.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  sim.url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  let closed = false;
  return {
    url: sim.url, gitUrl: sim.webUrl, webFlowPublicKey: sim.webFlowKey.publicKey, people, webhooks: sim.webhooks, actions: sim.actions,
    violations: sim.violations, requests: sim.requests, sim,
    app: { id: sim.app.id, slug, privateKeyPem, privateKeyFile, webhookSecret: sim.app.webhookSecret },
    setWebhookUrl: (url) => { sim.webhooks.url = url; },
    waitForApp: (opts) => sim.webhooks.waitForApp(opts),
    async close() {
      if (closed) return;
      closed = true;
      await sim.actions.idle();
      await sim.webhooks.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
      forgetUnder(dataDir);
    },
  };
}

export type { People } from './people/people.js';
export type { Person } from './people/person.js';
export type { WorkflowContext, WorkflowHandler } from './actions/triggers.js';
export type { Delivery, DeliveryOptions } from './webhooks/deliver.js';
export type { RateLimitOptions } from './server/rate-limit.js';
export type { AppRegistration } from './state/manifest.js';
export type { Route, Reply, RequestContext } from './server/route.js';
export { signBody } from './webhooks/deliver.js';

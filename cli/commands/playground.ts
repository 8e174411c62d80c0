// `migration-copilot playground`: starts the local GitHub alone, with a small seeded world, and prints the
// exact `npm start` line that runs the app against it in another terminal (Probot's variables: GHE_HOST and
// GHE_PROTOCOL point it at the simulator; PORT and WEBHOOK_PATH match --webhook-url). Ctrl-C stops it and removes
// its data. Secrets (the webhook secret, people's tokens) go to files, never to the terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { startPlayground } from '../../playground/index.js';
import { seedWorld } from '../../playground/seed.js';
import { parseFlags, type Command } from '../command.js';

/** The `npm start` line for the app against this simulator: PORT and WEBHOOK_PATH follow the webhook URL. */
export function startLine(appId: number, keyFile: string, secretFile: string, host: string, webhookUrl: string | undefined): string {
  const hook = new URL(webhookUrl ?? 'http://127.0.0.1:3000/api/github/webhooks');
  const port = hook.port || (hook.protocol === 'https:' ? '443' : '80');
  return [
    `APP_ID=${appId}`, `PRIVATE_KEY_PATH=${keyFile}`, `WEBHOOK_SECRET="$(cat ${secretFile})"`, `GHE_HOST=${host}`, 'GHE_PROTOCOL=http',
    `PORT=${port}`, ...(hook.pathname === '/api/github/webhooks' ? [] : [`WEBHOOK_PATH=${hook.pathname}`]),
    'MIGRATION_COPILOT_PLAN_KEY=path/to/plan-key.pem', 'MIGRATION_COPILOT_TAG_KEY=path/to/tag-key',
    // The simulator, like a GitHub Enterprise Server by default, has no secondary rate limit to pace writes for.
    'MIGRATION_COPILOT_WRITE_INTERVAL_MS=0', 'npm start',
  ].join(' ');
}

/**
 * Waits (up to ten minutes) for the app to answer at the webhook URL, then redelivers what failed while it was
 * not listening (installation.created first of all), as GitHub's "Redeliver" would; says how to redeliver by
 * hand when it never answers.
 */
async function announceApp(gh: Awaited<ReturnType<typeof startPlayground>>, webhookUrl: string, out: NodeJS.WritableStream): Promise<void> {
  const seen = await gh.waitForApp({ timeoutMs: 600_000, intervalMs: 1_000 });
  out.write(seen.listening
    ? `app: answering at ${webhookUrl}; ${seen.redelivered} delivery(ies) that failed before it listened were redelivered\n`
    : `app: nothing answered at ${webhookUrl} in 10 minutes; start it, then redeliver failed deliveries with POST ${gh.url}/app/hook/deliveries/{id}/attempts (list them with GET ${gh.url}/app/hook/deliveries, as the app)\n`);
}

const command: Command = {
  name: 'playground',
  summary: 'Start the local GitHub simulator (REST API, git over HTTP, webhooks) and print how to point the app at it.',
  usage: '  migration-copilot playground [--port N] [--webhook-url URL] [--webhook-secret S]\n' +
    '    --port N            port to listen on (default: a free port)\n' +
    '    --webhook-url URL   where webhooks are POSTed (e.g. http://127.0.0.1:3000/api/github/webhooks)\n' +
    '    --webhook-secret S  the secret webhooks are signed with (default: a random one, written to a file)\n' +
    '  MIGRATION_COPILOT_SIM_TRACE=FILE appends one JSON line per request to FILE.',

  async run(args, io) {
    const { values } = parseFlags(command, args, {
      port: { type: 'string' }, 'webhook-url': { type: 'string' }, 'webhook-secret': { type: 'string' },
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CopilotError('USAGE', `playground: --port must be a port number, got "${values.port}"`, { hint: `usage:\n${command.usage}` });
    }
    const webhookUrl = values['webhook-url'];
    if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) {
      throw new CopilotError('USAGE', `playground: --webhook-url must be an http(s) URL, got "${webhookUrl}"`, { hint: `usage:\n${command.usage}` });
    }
    let gh;
    try {
      gh = await startPlayground({ port, webhookUrl, webhookSecret: values['webhook-secret'], env: io.env });
    } catch (e) {
      throw new CopilotError('IO_FAILED', `playground: cannot start (${(e as Error).message})`, { cause: e, hint: 'Choose another --port or free this one.' });
    }
    const world = seedWorld(gh);
    const dir = gh.app.privateKeyFile.replace(/\/[^/]+$/, '');
    const secretFile = join(dir, 'webhook-secret');
    const tokensFile = join(dir, 'people-tokens.json');
    writeFileSync(secretFile, gh.app.webhookSecret, { mode: 0o600 });
    writeFileSync(tokensFile, `${JSON.stringify(world.tokens, null, 2)}\n`, { mode: 0o600 });
    const host = new URL(gh.url).host;
    io.stdout.write([
      `playground: ${gh.url}`,
      `git:        ${gh.gitUrl}/{owner}/{repo}.git`,
      `app id:     ${gh.app.id} (slug ${gh.app.slug}, installation ${world.installationId} on ${world.org})`,
      `private key file:    ${gh.app.privateKeyFile}`,
      `webhook secret file: ${secretFile}`,
      `people tokens file:  ${tokensFile}`,
      `repository: ${world.repo}; people: ${Object.keys(world.tokens).join(', ')}`,
      `webhooks:   ${webhookUrl ?? '(none; pass --webhook-url http://127.0.0.1:3000/api/github/webhooks to deliver them to the app)'}`,
      '',
      'Run the app against it, in this project\'s folder (the keys are fresh ones you make; leave them out to run without signing):',
      `  ${startLine(gh.app.id, gh.app.privateKeyFile, secretFile, host, webhookUrl)}`,
      'Ctrl-C stops the playground and removes its data.',
      '',
    ].join('\n'));
    if (webhookUrl !== undefined) void announceApp(gh, webhookUrl, io.stdout);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await gh.close();
    io.stdout.write('playground: stopped\n');
    return 0;
  },
};

export default command;

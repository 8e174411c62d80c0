// `migration-copilot playground`: starts the local GitHub alone, with a small seeded world, and prints
// what a GitHub App needs to run against it (Probot's `probot run` in another terminal). Ctrl-C stops it and removes
// its data. Secrets (the webhook secret, people's tokens) go to files, never to the terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { startPlayground } from '../../playground/index.js';
import { seedWorld } from '../../playground/seed.js';
import { parseFlags, type Command } from '../command.js';

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
      `webhooks:   ${webhookUrl ?? '(none; pass --webhook-url to deliver them)'}`,
      '',
      'Run a Probot app against it (Probot reads GHE_HOST/GHE_PROTOCOL and uses <url>/api/v3, which the playground serves):',
      `  APP_ID=${gh.app.id} PRIVATE_KEY_PATH=${gh.app.privateKeyFile} WEBHOOK_SECRET="$(cat ${secretFile})" GHE_HOST=${host} GHE_PROTOCOL=http npx probot run ./your-app.js`,
      'Ctrl-C stops the playground and removes its data.',
      '',
    ].join('\n'));
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

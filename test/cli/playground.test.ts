// `migration-copilot playground --webhook-url URL` through bin: it prints the `npm start` line, waits for the app
// to answer at the URL and redelivers what failed before it listened (installation.created), as GitHub's
// redelivery would; Ctrl-C (SIGINT) stops it.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/migration-copilot.js', import.meta.url));
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('migration-copilot playground', () => {
  it('waits for the app, then redelivers the installation event it missed; SIGINT stops it', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/api/github/webhooks`;
    const child = spawn(process.execPath, [BIN, 'playground', '--webhook-url', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const until = async (re: RegExp) => {
      for (let i = 0; i < 600 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(re);
    };
    await until(/npm start/);
    expect(out).toContain(`PORT=${port}`);
    const events: string[] = [];
    server = createServer((req, res) => {
      if (req.method === 'POST') events.push(String(req.headers['x-github-event']));
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    // Whether the installation event's first attempt failed (then it is redelivered) or, on a slow machine, was
    // still on its way when the app began to listen (then it arrives first time), it arrives exactly once.
    await until(/app: answering at .*; \d+ delivery\(ies\) that failed before it listened were redelivered/);
    expect(events.filter((e) => e === 'installation')).toHaveLength(1);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('playground: stopped');
  });
});

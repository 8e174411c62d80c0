import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write(chunk, _e, cb) { out += String(chunk); cb(); } }), text: () => out };
}

describe('migration-copilot playground', () => {
  it('starts, serves the seeded world under /api/v3 too, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['bin/migration-copilot.js', 'playground', '--port', '0'], { env: { ...process.env, VITEST: undefined } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    const started = Date.now();
    while (!out.includes('Ctrl-C')) {
      if (Date.now() - started > 20_000) throw new Error(`no start: ${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = /^playground: (\S+)$/m.exec(out)![1]!;
    const keyFile = /^private key file:\s+(\S+)$/m.exec(out)![1]!;
    expect(readFileSync(keyFile, 'utf8')).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(out).not.toMatch(/ghu_|ghs_/);
    for (const path of ['/users/alice', '/api/v3/users/alice']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { login: string }).login).toBe('alice');
    }
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(existsSync(keyFile)).toBe(false);
  });

  it.each([
    [['playground', '--port', 'abc'], /--port must be a port number/],
    [['playground', '--webhook-url', 'ftp://x'], /--webhook-url must be an http/],
    [['playground', '--nope'], /Unknown option/],
  ])('refuses bad usage %j with exit 2', async (argv, message) => {
    const stdout = capture();
    const stderr = capture();
    const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: process.cwd(), interactive: false });
    expect(code).toBe(2);
    expect(stderr.text()).toMatch(message);
  });
});

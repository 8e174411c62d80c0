import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../../playground/index.js';
import { checkTrace } from '../../playground/server/replay.js';

const dir = mkdtempSync(join(tmpdir(), 'mc-pg-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MIGRATION_COPILOT_SIM_TRACE', () => {
  it('writes one JSON line per request, with actors and bodies, secrets redacted, and replays clean', async () => {
    const file = join(dir, 'trace.jsonl');
    const gh = await startPlayground({ env: { MIGRATION_COPILOT_SIM_TRACE: file } });
    try {
      gh.people.createUser('carol');
      gh.people.createRepo('carol/mig', { files: { 'a.txt': 'a\n' } });
      const inst = gh.people.installApp('carol');
      const { ProbotOctokit } = await import('probot');
      const app = new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId: inst.id } });
      const carol = gh.people.as('carol');
      await carol.push('carol/mig', 'topic', { 'b.txt': 'b\n' }, 'b');
      const number = await carol.openPull('carol/mig', { head: 'topic', title: 'B' });
      await app.rest.issues.createComment({ owner: 'carol', repo: 'mig', issue_number: number, body: 'noted' });
      const basic = Buffer.from(`carol:${carol.token}`).toString('base64');
      const refs = await fetch(`${gh.gitUrl}/carol/mig.git/info/refs?service=git-upload-pack`, { headers: { authorization: `Basic ${basic}` } });
      expect(refs.status).toBe(200);
      await refs.arrayBuffer();
    } finally {
      await gh.close();
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) expect(Object.keys(line)).toEqual(['method', 'path', 'status', 'actor', 'request', 'response']);
    const comment = lines.find((l) => l.method === 'POST' && String(l.path).endsWith('/comments'))!;
    expect(comment).toMatchObject({ status: 201, actor: 'app:migration-copilot', request: { body: 'noted' }, response: { body: 'noted' } });
    const token = lines.find((l) => String(l.path).endsWith('/access_tokens'))!;
    expect(token).toMatchObject({ actor: 'app:migration-copilot', response: { token: '[redacted]' } });
    expect(lines.some((l) => l.actor === 'carol' && l.method === 'POST' && String(l.path).endsWith('/pulls'))).toBe(true);
    expect(lines.at(-1)).toEqual({ method: 'GET', path: '/git/carol/mig.git/info/refs?service=git-upload-pack', status: 200, actor: 'carol', request: null, response: null });
    expect(readFileSync(file, 'utf8')).not.toMatch(/ghs_|ghu_|PRIVATE KEY/);
    expect(checkTrace(file)).toEqual({ lines: lines.length, problems: [] });
  });

  it('replay names a line whose response drifted from GitHub\'s description', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify({ method: 'GET', path: '/repos/a/b/pulls/1', status: 200, actor: 'x', request: null, response: { number: 'one' } })}\n`);
    const result = checkTrace(file);
    expect(result.problems.join('\n')).toMatch(/^line 1 \(GET \/repos\/a\/b\/pulls\/1\): response 200 of pulls\/get/);
  });
});

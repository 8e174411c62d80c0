// The app's Octokit fetch (undici's request API): what Octokit reads of an answer, redirects followed as
// fetch follows them, request bodies sent, errors as Octokit reports them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octokitFetch } from '../../../app/github/fetch.js';

let server: Server;
let base: string;
const received: { method: string; url: string; body: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString('utf8'), auth: req.headers.authorization });
      if (req.url === '/moved') return void res.writeHead(301, { location: '/repos/o/r' }).end();
      if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'], etag: '"v1"' })
        .end(JSON.stringify({ name: 'r', echo: Buffer.concat(chunks).toString('utf8'), big: 9007199254740993n.toString() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('octokitFetch', () => {
  it('answers as fetch does: status, url, headers by any case, text, json and a body stream', async () => {
    const res = await octokitFetch(`${base}/repos/o/r`, { method: 'GET', headers: { accept: 'application/json' } });
    expect([res.status, res.ok, res.statusText, res.url]).toEqual([200, true, 'OK', `${base}/repos/o/r`]);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(Object.fromEntries(res.headers)).toMatchObject({ etag: '"v1"' });
    expect(await res.json()).toMatchObject({ name: 'r' });
    expect(JSON.parse(await new Response(res.body).text())).toMatchObject({ name: 'r' });
    expect(JSON.parse(Buffer.from(await res.arrayBuffer()).toString('utf8'))).toMatchObject({ name: 'r' });
  });

  it('follows a redirect unless told not to', async () => {
    const followed = await octokitFetch(`${base}/moved`, { method: 'GET' });
    expect(followed.status).toBe(200);
    expect(await followed.json()).toMatchObject({ name: 'r' });
    const manual = await octokitFetch(`${base}/moved`, { method: 'GET', redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([301, '/repos/o/r']);
  });

  it('carries Octokit calls: bodies and headers sent, data parsed, errors with their status, 204 empty', async () => {
    const octokit = new Octokit({ baseUrl: base, auth: 'token-1', request: { fetch: octokitFetch } });
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'o', repo: 'r', name: 'migration/schema', head_sha: 'a'.repeat(40) });
    expect(created.status).toBe(201);
    expect(JSON.parse((created.data as unknown as { echo: string }).echo)).toEqual({ name: 'migration/schema', head_sha: 'a'.repeat(40) });
    const post = received.find((r) => r.method === 'POST')!;
    expect([post.url, post.auth]).toEqual(['/repos/o/r/check-runs', 'token token-1']);
    await expect(octokit.request('GET /missing')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Not Found') });
    expect((await octokit.request('GET /empty')).status).toBe(204);
  });
});

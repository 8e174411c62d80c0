// Conditional requests on the simulator, as on GitHub: a GET answers with an ETag, the same GET with
// If-None-Match naming it is 304 with no body and costs nothing of the rate limit, and a change makes the
// next answer a 200 with a new ETag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

describe('ETag and If-None-Match', () => {
  it('answers 304 to a GET whose ETag the caller holds, without counting it; 200 again once it changed', async () => {
    const carol = w.gh.people.as('carol');
    const url = `${w.gh.url}/repos/acme/mig/git/ref/heads/main`;
    const get = (etag?: string) => fetch(url, { headers: { authorization: `token ${carol.token}`, ...(etag ? { 'if-none-match': etag } : {}) } });
    const first = await get();
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const sha = ((await first.json()) as { object: { sha: string } }).object.sha;
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));

    const again = await get(etag);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    // Strong or weak, in a list: the same validator.
    expect((await get(`"other", ${etag.slice(2)}`)).status).toBe(304);

    await carol.push(w.repo, 'main', { 'README.md': '# changed\n' }, 'Change');
    const changed = await get(etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { object: { sha: string } }).object.sha).not.toBe(sha);
    expect(Number(changed.headers.get('x-ratelimit-remaining'))).toBeLessThan(remaining);
  });

  it('sends no ETag with an error, and a write is never answered 304', async () => {
    const carol = w.gh.people.as('carol');
    const missing = await fetch(`${w.gh.url}/repos/acme/mig/git/ref/heads/nope`, { headers: { authorization: `token ${carol.token}`, 'if-none-match': '*' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    const { data } = await carol.octokit.issues.create({ owner: 'acme', repo: 'mig', title: 'x' });
    const write = await fetch(`${w.gh.url}/repos/acme/mig/issues/${data.number}/comments`, {
      method: 'POST', body: JSON.stringify({ body: 'hi' }),
      headers: { authorization: `token ${carol.token}`, 'content-type': 'application/json', 'if-none-match': '*' },
    });
    expect(write.status).toBe(201);
  });
});

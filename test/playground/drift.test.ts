import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../playground/index.js';

let gh: Playground;
let carol: Octokit;
beforeAll(async () => {
  gh = await startPlayground({
    extraRoutes: [
      // A deliberately broken handler: GitHub's repos/get returns a full repository, not this.
      { method: 'GET', path: '/repos/{owner}/{repo}', operationId: 'repos/get', handle: () => ({ status: 200, body: { id: 'seven', name: 42 } }) },
      // A status GitHub never answers for this operation.
      { method: 'GET', path: '/repos/{owner}/{repo}/branches', operationId: 'repos/list-branches', handle: () => ({ status: 418, body: {} }) },
    ],
  });
  gh.people.createUser('carol');
  gh.people.createRepo('carol/mig', { files: { 'a.txt': 'a\n' } });
  carol = gh.people.as('carol').octokit;
});
afterAll(async () => { await gh.close(); });

describe('validation against GitHub\'s descriptions catches drift', () => {
  const cases: { name: string; call: () => Promise<unknown>; status: number; violation: RegExp }[] = [
    { name: 'a response body of the wrong shape', call: () => carol.repos.get({ owner: 'carol', repo: 'mig' }), status: 500, violation: /response 200 of repos\/get: .*must have required property 'archive_url'/ },
    { name: 'an undocumented status', call: () => carol.repos.listBranches({ owner: 'carol', repo: 'mig' }), status: 500, violation: /status 418 is not a documented response of repos\/list-branches/ },
    {
      name: 'a request body GitHub would refuse',
      call: () => carol.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'carol', repo: 'mig', issue_number: 1, body: 42 as unknown as string }),
      status: 422, violation: /request to issues\/create-comment .*request body: \/body must be string/,
    },
    {
      name: 'a query parameter of the wrong type',
      call: () => carol.request('GET /repos/{owner}/{repo}/pulls', { owner: 'carol', repo: 'mig', per_page: 'many' as unknown as number }),
      status: 422, violation: /query parameter per_page: .*must be integer/,
    },
  ];
  it.each(cases)('fails the caller on $name', async ({ call, status, violation }) => {
    const before = gh.violations.length;
    await expect(call()).rejects.toMatchObject({ status });
    expect(gh.violations.slice(before).join('\n')).toMatch(violation);
  });

  it('refuses to send a webhook that does not match the webhook schemas', () => {
    expect(() => gh.webhooks.emit('pull_request', { action: 'opened', number: 'one' })).toThrow(/pull_request\$opened/);
    expect(gh.violations.at(-1)).toMatch(/does not match GitHub's webhook schemas/);
  });

  it('passes what matches: a well-formed response from a real handler', async () => {
    const before = gh.violations.length;
    const pulls = await carol.pulls.list({ owner: 'carol', repo: 'mig' });
    expect(pulls.status).toBe(200);
    expect(gh.violations.length).toBe(before);
  });
});

describe('operations the playground does not serve', () => {
  it('names a real GitHub operation that is not simulated instead of passing it off as "not found"', async () => {
    await expect(carol.request('GET /repos/{owner}/{repo}/releases', { owner: 'carol', repo: 'mig' })).rejects.toMatchObject({ status: 404 });
    expect(gh.violations.at(-1)).toBe('the playground does not simulate repos/list-releases (GET /repos/carol/mig/releases)');
    // A greedy {ref} does not swallow a path another operation owns: commits/{ref}/comments is that operation's.
    await expect(carol.request('GET /repos/{owner}/{repo}/commits/{ref}/comments', { owner: 'carol', repo: 'mig', ref: 'main' })).rejects.toMatchObject({ status: 404 });
    expect(gh.violations.at(-1)).toBe('the playground does not simulate repos/list-comments-for-commit (GET /repos/carol/mig/commits/main/comments)');
    const before = gh.violations.length;
    await expect(carol.request('GET /no/such/thing')).rejects.toMatchObject({ status: 404 });
    expect(gh.violations.length).toBe(before);
  });
});

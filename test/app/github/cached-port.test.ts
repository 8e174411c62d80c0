// The per-job cache of GitHub reads against the real simulator: a write the job's Octokit sends outside the
// port (a branch moved by the Git Data API, as /plan sign does) makes the next read of the pull request and
// of the ref answer the new head, while a repeated read with nothing written between is still one request.
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedPort, ContentCache, invalidatedBy } from '../../../app/github/cached-port.js';
import { EtagCache } from '../../../app/github/conditional.js';
import type { InstallationOctokit } from '../../../app/job.js';
import { commitFiles } from '../../../app/plan/commit-files.js';
import { startPlayground, type Playground } from '../../../playground/index.js';

const where = { owner: 'acme', repo: 'cache' };
let gh: Playground;
let octokit: InstallationOctokit;
let installation: () => InstallationOctokit;

beforeAll(async () => {
  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/cache', { private: true, files: { 'README.md': '# cache\n' } });
  const installationId = gh.people.installApp('acme').id;
  // As the worker does: every job has its own Octokit (its hooks are the job's).
  installation = () => new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId }, request: { retries: 0 } }) as InstallationOctokit;
  octokit = installation();
});

afterAll(async () => {
  await gh?.close();
});

describe('the per-job read cache', () => {
  it('forgets the pull request and the ref when the job moves the branch', async () => {
    const carol = gh.people.as('carol');
    await carol.push('acme/cache', 'feature', { 'a.txt': 'a\n' }, 'A');
    const number = await carol.openPull('acme/cache', { head: 'feature', title: 'Feature' });
    const port = cachedPort(octokit, new ContentCache());
    const pull = () => port.rest.pulls.get({ ...where, pull_number: number });
    const before = (await pull()).data.head.sha;
    const reads = () => gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/pulls/${number}`)).length;
    const counted = reads();
    expect((await pull()).data.head.sha).toBe(before);
    expect(reads()).toBe(counted);
    const moved = await commitFiles(octokit, where, 'feature', before, [{ path: 'b.txt', text: 'b\n' }], 'B');
    expect(moved).not.toBe(before);
    expect((await pull()).data.head.sha).toBe(moved);
    expect((await port.rest.git.getRef({ ...where, ref: 'heads/feature' })).data.object.sha).toBe(moved);
  });

  it('asks again in a later job with If-None-Match: 304 answered from the kept copy, a change read anew', async () => {
    const carol = gh.people.as('carol');
    await carol.push('acme/cache', 'etag', { 'c.txt': 'c\n' }, 'C');
    const etags = new EtagCache();
    const job = () => cachedPort(installation(), new ContentCache(), { etags, scope: 'installation 1' });
    const ref = async () => (await job().rest.git.getRef({ ...where, ref: 'heads/etag' })).data.object.sha;
    const statuses = () => gh.requests.filter((r) => r.actor === 'app:migration-copilot' && r.method === 'GET' && r.path.endsWith('/git/ref/heads%2Fetag')).map((r) => r.status);
    const first = await ref();
    expect(await ref()).toBe(first);
    expect(statuses()).toEqual([200, 304]);
    const moved = await carol.push('acme/cache', 'etag', { 'c.txt': 'd\n' }, 'D');
    expect(await ref()).toBe(moved);
    expect(await ref()).toBe(moved);
    expect(statuses()).toEqual([200, 304, 200, 304]);
    // Another installation's jobs keep their own: the first read there is a plain one.
    await cachedPort(installation(), new ContentCache(), { etags, scope: 'installation 2' }).rest.git.getRef({ ...where, ref: 'heads/etag' });
    expect(statuses()).toEqual([200, 304, 200, 304, 200]);
  });

  it('says which reads a write invalidates', () => {
    expect(invalidatedBy('GET', '/repos/{owner}/{repo}/pulls/{pull_number}')).toEqual([]);
    expect(invalidatedBy('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}')).toEqual(['']);
    expect(invalidatedBy('POST', '/repos/{owner}/{repo}/git/trees')).toEqual([]);
    expect(invalidatedBy('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}')).toEqual(['pulls.', 'issues.']);
    expect(invalidatedBy('POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toEqual(['pulls.listReview']);
    expect(invalidatedBy('POST', '/repos/{owner}/{repo}/check-runs')).toEqual(['checks.']);
    expect(invalidatedBy('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}')).toEqual(['issues.']);
  });
});

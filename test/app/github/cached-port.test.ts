// The per-job cache of GitHub reads against the real simulator: a write the job's Octokit sends outside the
// port (a branch moved by the Git Data API, as /plan sign does) makes the next read of the pull request and
// of the ref answer the new head, while a repeated read with nothing written between is still one request.
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedPort, ContentCache, invalidatedBy } from '../../../app/github/cached-port.js';
import type { InstallationOctokit } from '../../../app/job.js';
import { commitFiles } from '../../../app/plan/commit-files.js';
import { startPlayground, type Playground } from '../../../playground/index.js';

const where = { owner: 'acme', repo: 'cache' };
let gh: Playground;
let octokit: InstallationOctokit;

beforeAll(async () => {
  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/cache', { private: true, files: { 'README.md': '# cache\n' } });
  const installationId = gh.people.installApp('acme').id;
  octokit = new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId }, request: { retries: 0 } }) as InstallationOctokit;
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

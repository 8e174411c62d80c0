// Forks as on GitHub: POST /repos/{o}/{r}/forks makes a real bare repository owned by the caller, with
// fork/parent/source; a pull request from a fork lives on the parent with head.repo the fork, follows
// the fork's pushes, and its merge brings the fork's commits into the parent.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => {
  w = await world();
  w.gh.people.createUser('xena');
  w.gh.people.createRepo('acme/open', { files: { 'README.md': '# open\n' } });
});
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'open' };

describe('forks', () => {
  it('forks for the caller, opens a pull request from the fork on the parent and merges its commits', async () => {
    const xena = w.gh.people.as('xena');
    expect(await xena.fork('acme/open')).toBe('xena/open');
    expect(await xena.fork('acme/open')).toBe('xena/open');
    const fork = (await xena.octokit.rest.repos.get({ owner: 'xena', repo: 'open' })).data;
    expect(fork).toMatchObject({ fork: true, owner: { login: 'xena' }, parent: { full_name: 'acme/open' }, source: { full_name: 'acme/open' } });
    expect((await w.app.rest.repos.get(o)).data).toMatchObject({ fork: false });
    expect(fork).not.toHaveProperty('parent.parent');
    // A real bare git repository with the parent's history.
    const parentMain = (await w.app.rest.repos.getBranch({ ...o, branch: 'main' })).data.commit.sha;
    const forkDir = w.gh.sim.store.repo('xena', 'open')!.dir;
    expect(execFileSync('git', ['--git-dir', forkDir, 'rev-parse', 'refs/heads/main'], { encoding: 'utf8' }).trim()).toBe(parentMain);

    const first = await xena.push('xena/open', 'tweak', { 'notes.md': 'one\n' }, 'Add notes');
    // Someone outside the organisation may propose a change from their fork; head.repo is the fork.
    const number = await xena.openPull('acme/open', { head: 'xena:tweak', title: 'Notes' });
    const listed = (await w.app.rest.pulls.list(o)).data;
    expect(listed.map((p) => [p.number, p.head.label, p.head.repo?.full_name, p.head.repo?.fork, p.base.repo.full_name]))
      .toEqual([[number, 'xena:tweak', 'xena/open', true, 'acme/open']]);
    expect((await w.app.rest.pulls.list({ ...o, head: 'xena:tweak' })).data).toHaveLength(1);
    expect((await w.app.rest.pulls.listFiles({ ...o, pull_number: number })).data.map((f) => f.filename)).toEqual(['notes.md']);
    await w.gh.webhooks.idle();
    const opened = w.gh.webhooks.deliveries.find((d) => d.event === 'pull_request' && d.action === 'opened' && (d.payload as { number: number }).number === number);
    expect(opened?.payload).toMatchObject({ repository: { full_name: 'acme/open' }, pull_request: { head: { sha: first, repo: { full_name: 'xena/open', fork: true } } } });
    // The same fork's branch cannot head a second open pull request.
    await expect(xena.openPull('acme/open', { head: 'xena:tweak', title: 'again' })).rejects.toMatchObject({ status: 422 });

    // A push to the fork moves the pull request on the parent.
    const second = await xena.push('xena/open', 'tweak', { 'notes.md': 'two\n' }, 'More notes');
    expect(second).not.toBe(first);
    expect((await w.app.rest.pulls.get({ ...o, pull_number: number })).data.head.sha).toBe(second);
    await w.gh.webhooks.idle();
    expect(w.gh.webhooks.deliveries.at(-1)).toMatchObject({ event: 'pull_request', action: 'synchronize', payload: { after: second, pull_request: { head: { repo: { fork: true } } } } });

    await w.gh.people.as('carol').merge('acme/open', number);
    const merged = await w.app.rest.repos.getContent({ ...o, path: 'notes.md' });
    expect(Buffer.from((merged.data as { content: string }).content, 'base64').toString()).toBe('two\n');
    const main = (await w.app.rest.repos.getBranch({ ...o, branch: 'main' })).data.commit.sha;
    const mergeCommit = (await w.app.rest.git.getCommit({ ...o, commit_sha: main })).data;
    expect(mergeCommit.parents.map((p) => p.sha)).toEqual([parentMain, second]);
    expect(mergeCommit.message).toMatch(/^Merge pull request #\d+ from xena\/tweak/);
    expect((await w.app.rest.git.getCommit({ ...o, commit_sha: first })).data.sha).toBe(first);
  });
});

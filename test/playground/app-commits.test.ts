// Commits an app makes through the Git Data API without its own signature or committer are committed and
// signed by GitHub, so they are verified; commits people make keep their own verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'mig' };

describe('commits created through the Git Data API', () => {
  it('signs an installation token\'s commit as GitHub; a person\'s or an explicit committer\'s stays unsigned', async () => {
    const main = (await w.app.rest.repos.getBranch({ ...o, branch: 'main' })).data.commit;
    const tree = (await w.app.rest.git.createTree({ ...o, base_tree: main.commit.tree.sha, tree: [{ path: 'a.txt', mode: '100644', type: 'blob', content: 'a\n' }] })).data.sha;

    const bySelf = (await w.app.rest.git.createCommit({ ...o, message: 'Add a\n', tree, parents: [main.sha] })).data;
    expect(bySelf.verification).toMatchObject({ verified: true, reason: 'valid' });
    expect(bySelf.committer).toMatchObject({ name: 'GitHub', email: 'noreply@github.com' });
    expect(bySelf.author.email).toMatch(/\[bot\]@users.noreply/);
    const read = (await w.app.rest.repos.getCommit({ ...o, ref: bySelf.sha })).data;
    expect(read.commit.verification).toMatchObject({ verified: true, reason: 'valid' });

    const withCommitter = (await w.app.rest.git.createCommit({
      ...o, message: 'Add a\n', tree, parents: [main.sha], committer: { name: 'Bot', email: 'bot@example.com', date: '2026-01-01T00:00:00Z' },
    })).data;
    expect(withCommitter.verification).toMatchObject({ verified: false, reason: 'unsigned' });

    const pushed = await w.gh.people.as('carol').push(w.repo, 'carol-branch', { 'b.txt': 'b\n' }, 'Add b');
    expect((await w.app.rest.git.getCommit({ ...o, commit_sha: pushed })).data.verification).toMatchObject({ verified: false, reason: 'unsigned' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

describe('REST round trips with state', () => {
  it('serves the repository to the installation token and hides it from strangers', async () => {
    const repo = await w.app.rest.repos.get({ owner: 'acme', repo: 'mig' });
    expect(repo.data.full_name).toBe('acme/mig');
    w.gh.people.createUser('mallory');
    await expect(w.gh.people.as('mallory').octokit.repos.get({ owner: 'acme', repo: 'mig' })).rejects.toMatchObject({ status: 404 });
  });

  it('lists a comment after creating it', async () => {
    const carol = w.gh.people.as('carol');
    await carol.push(w.repo, 'feature', { 'plans/migration_plan.json': '{"v":1}\n' }, 'Add plan');
    const number = await carol.openPull(w.repo, { head: 'feature', title: 'Plan' });
    const created = await w.app.rest.issues.createComment({ owner: 'acme', repo: 'mig', issue_number: number, body: 'hello' });
    const list = await w.app.rest.issues.listComments({ owner: 'acme', repo: 'mig', issue_number: number });
    expect(list.data.map((c) => c.id)).toContain(created.data.id);
    expect(list.data.find((c) => c.id === created.data.id)?.user?.login).toBe('migration-copilot[bot]');
  });
});

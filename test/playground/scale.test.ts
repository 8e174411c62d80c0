import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../playground/index.js';

const REPOS = 50;
const PULLS_PER_REPO = 20;
let gh: Playground;
let setupMs = 0;

beforeAll(async () => {
  const started = performance.now();
  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  for (let r = 0; r < REPOS; r += 1) {
    gh.people.createRepo(`acme/repo-${r}`, { files: { 'README.md': `# repo ${r}\n`, 'plans/migration_plan.json': '{}\n' } });
    for (let p = 0; p < PULLS_PER_REPO; p += 1) {
      gh.people.openPullNow(`acme/repo-${r}`, 'carol', { head: `change-${p}`, title: `Change ${p}`, files: { [`models/m${p}.sql`]: `select ${p};\n` } });
    }
  }
  gh.people.installApp('acme', ['repo-0']);
  setupMs = performance.now() - started;
});
afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
});

describe('scale: 50 repositories with 1,000 pull requests', () => {
  it('holds them all and answers list, get and comment requests (times are printed, not asserted: speed belongs in bench/)', async () => {
    expect(gh.sim.store.repos.size).toBe(REPOS);
    expect(gh.sim.store.pulls.size).toBe(REPOS * PULLS_PER_REPO);
    const carol = gh.people.as('carol').octokit;
    await carol.pulls.get({ owner: 'acme', repo: 'repo-0', pull_number: 1 }); // compiles the validators once
    const timings: number[] = [];
    for (const r of [0, 17, 49]) {
      const t = performance.now();
      const all = await carol.paginate(carol.pulls.list, { owner: 'acme', repo: `repo-${r}`, state: 'all', per_page: 100 });
      const pr = await carol.pulls.get({ owner: 'acme', repo: `repo-${r}`, pull_number: PULLS_PER_REPO });
      await carol.issues.createComment({ owner: 'acme', repo: `repo-${r}`, issue_number: pr.data.number, body: 'ok' });
      timings.push(performance.now() - t);
      expect(all.length).toBe(PULLS_PER_REPO);
      expect(pr.data).toMatchObject({ changed_files: 1, mergeable: true });
    }
    console.log(`scale: set-up ${Math.round(setupMs)} ms for ${REPOS * PULLS_PER_REPO} PRs; list+get+comment ${timings.map(Math.round).join(', ')} ms`);
  });
});

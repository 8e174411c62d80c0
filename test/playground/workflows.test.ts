// The simulator runs workflow files for real: bash steps in a fresh clone with the environment Actions
// provides, secrets expanded and masked in the logs it serves, job outputs feeding a matrix, a failing
// step, an action it does not emulate, pull_request runs, jobs through the REST API and workflow_run
// webhooks checked against GitHub's schemas (validation is on under the test config).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../playground/index.js';
import { readManifest } from '../../playground/state/manifest.js';

const CANARY = 'postgres://svc:canary-5ecr3t-7f3a@db.internal:5432/shop';

const CI = `name: ci
on:
  push:
    branches: [main, 'feature/x*']
  pull_request:
env:
  STAGE: \${{ github.event_name }}
jobs:
  prepare:
    runs-on: ubuntu-latest
    outputs:
      shards: \${{ steps.plan.outputs.shards }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - name: Where am I
        run: |
          test "$(git rev-parse HEAD)" = "$GITHUB_SHA"
          echo "repo=$GITHUB_REPOSITORY ref=$GITHUB_REF event=$GITHUB_EVENT_NAME stage=$STAGE head=$GITHUB_HEAD_REF"
          test -f README.md
          command -v migration-copilot
          test -t 0 || echo "no terminal"
      - name: Use the secret
        env:
          SOURCE_URL: \${{ secrets.SOURCE_URL }}
        run: |
          echo "source is $SOURCE_URL"
          echo "inline \${{ secrets.SOURCE_URL }}"
          echo "length \${#SOURCE_URL}"
      - id: plan
        run: echo 'shards=[0, 1]' >> "$GITHUB_OUTPUT"
  shard:
    needs: prepare
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: \${{ fromJSON(needs.prepare.outputs.shards) }}
    steps:
      - run: echo "shard \${{ matrix.shard }} of \${{ strategy.job-total }}"
      - name: The token reads the repository
        env:
          GITHUB_TOKEN: \${{ github.token }}
        run: |
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY, { headers: { authorization: 'token ' + process.env.GITHUB_TOKEN } }).then((r) => { console.log('api', r.status, process.env.GITHUB_TOKEN); process.exit(r.ok ? 0 : 1); })"
`;

const FAILS = `name: fails
on:
  push:
    branches: [broken]
jobs:
  steps:
    runs-on: ubuntu-latest
    steps:
      - run: echo before
      - run: exit 3
      - run: echo never
      - name: cleanup
        if: failure()
        run: echo cleaning up
  action:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
`;

let gh: Playground;
let carol: Octokit;
const work = mkdtempSync(join(tmpdir(), 'mc-workflows-'));
const trace = join(work, 'trace.jsonl');
const o = { owner: 'acme', repo: 'mig' };

beforeAll(async () => {
  const manifest = readManifest();
  // An app that subscribes to workflow_run, so the run's webhooks are delivered (and checked against the schemas).
  gh = await startPlayground({ trace, app: { ...manifest, events: [...manifest.events, 'workflow_run'] } });
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/mig', { files: { 'README.md': '# mig\n', '.github/workflows/ci.yml': CI, '.github/workflows/fails.yml': FAILS }, private: true });
  gh.people.installApp('acme');
  gh.actions.setSecret('acme/mig', 'SOURCE_URL', CANARY);
  carol = gh.people.as('carol').octokit;
});

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});

async function runsFor(ref: string, repo = 'mig') {
  await gh.actions.idle();
  await gh.webhooks.idle();
  const repoId = gh.sim.store.repo('acme', repo)!.id;
  return gh.actions.runs.filter((r) => r.ref === ref && r.repoId === repoId);
}

describe('running workflow files', () => {
  it('runs a push workflow: checkout, secrets masked, job outputs into a matrix, the token works', async () => {
    const sha = await gh.people.as('carol').push('acme/mig', 'feature/x', { 'data.txt': 'x\n' }, 'Add data');
    const [run, ...more] = await runsFor('refs/heads/feature/x');
    expect(more).toEqual([]);
    expect(run).toMatchObject({ event: 'push', headSha: sha, status: 'completed', conclusion: 'success' });
    const jobs = gh.actions.jobsOf(run!.id);
    expect(jobs.map((j) => [j.name, j.conclusion])).toEqual([['prepare', 'success'], ['shard (0)', 'success'], ['shard (1)', 'success']]);
    const log = gh.actions.log(run!.id);
    expect(log).toContain('repo=acme/mig ref=refs/heads/feature/x event=push stage=push head=');
    expect(log).toContain('no terminal');
    expect(log).toContain('source is ***');
    expect(log).toContain('inline ***');
    expect(log).toContain(`length ${CANARY.length}`);
    expect(log).toMatch(/shard 0 of 2[\s\S]*api 200 \*\*\*/);
    expect(log).toContain('shard 1 of 2');
    expect(log).not.toContain('canary-5ecr3t');
    expect(log).not.toContain(CANARY);

    const listed = await carol.rest.actions.listJobsForWorkflowRun({ ...o, run_id: run!.id });
    expect(listed.data.total_count).toBe(3);
    const prepare = listed.data.jobs.find((j) => j.name === 'prepare')!;
    expect(prepare.steps!.map((s) => [s.name, s.conclusion])).toEqual([
      ['Run actions/checkout@v4', 'success'], ['Run actions/setup-node@v4', 'success'], ['Where am I', 'success'],
      ['Use the secret', 'success'], [`Run echo 'shards=[0, 1]' >> "$GITHUB_OUTPUT"`, 'success'],
    ]);
    expect((await carol.rest.actions.getJobForWorkflowRun({ ...o, job_id: prepare.id })).data.conclusion).toBe('success');
    const hooks = gh.webhooks.deliveries.filter((d) => d.event === 'workflow_run' && (d.payload.workflow_run as { id: number }).id === run!.id);
    expect(hooks.map((d) => d.action)).toEqual(['requested', 'in_progress', 'completed']);
    expect(readFileSync(trace, 'utf8')).not.toContain('canary-5ecr3t');
  });

  it('a failing step fails the job and the run; later steps are skipped unless they ask for failure(); an action it cannot run is named', async () => {
    await gh.people.as('carol').push('acme/mig', 'broken', { 'b.txt': 'b\n' }, 'Break');
    const [run] = await runsFor('refs/heads/broken');
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const [steps, action] = gh.actions.jobsOf(run!.id);
    expect(steps!.steps.map((s) => s.conclusion)).toEqual(['success', 'failure', 'skipped', 'success']);
    expect(steps!.log).toContain('Process completed with exit code 3.');
    expect(steps!.log).toContain('cleaning up');
    expect(steps!.log).not.toContain('never\n');
    expect(action!.conclusion).toBe('failure');
    expect(action!.log).toContain('runs only actions/checkout and actions/setup-node; "actions/cache@v4" is not emulated');
  });

  it('runs pull_request workflows on refs/pull/<n>/merge with the head and base refs', async () => {
    await gh.people.as('carol').push('acme/mig', 'feature/pr', { 'pr.txt': 'p\n' }, 'For review');
    const { data: pull } = await carol.rest.pulls.create({ ...o, head: 'feature/pr', base: 'main', title: 'Review me' });
    const [run] = await runsFor(`refs/pull/${pull.number}/merge`);
    expect(run).toMatchObject({ event: 'pull_request', conclusion: 'success', headBranch: 'feature/pr' });
    expect(gh.actions.log(run!.id)).toContain(`ref=refs/pull/${pull.number}/merge event=pull_request stage=pull_request head=feature/pr`);
    await gh.people.as('carol').push('acme/mig', 'feature/pr', { 'pr.txt': 'q\n' }, 'Again');
    expect(await runsFor(`refs/pull/${pull.number}/merge`)).toHaveLength(2);
    const listed = await carol.rest.actions.listWorkflowRunsForRepo({ ...o, event: 'pull_request' });
    expect(listed.data.total_count).toBe(2);
    expect(listed.data.workflow_runs.map((r) => r.pull_requests?.map((p) => [p.number, p.head.ref]))).toEqual([[[pull.number, 'feature/pr']], [[pull.number, 'feature/pr']]]);
    const hook = gh.webhooks.deliveries.find((d) => d.event === 'workflow_run' && d.action === 'completed' && (d.payload.workflow_run as { event: string }).event === 'pull_request');
    expect((hook!.payload.workflow_run as { pull_requests: { number: number }[] }).pull_requests.map((p) => p.number)).toEqual([pull.number]);
  });

  it('lists secrets by name only', async () => {
    const { data } = await carol.rest.actions.listRepoSecrets(o);
    expect(data.secrets.map((s) => s.name)).toEqual(['SOURCE_URL']);
    expect(JSON.stringify(data)).not.toContain('canary');
  });
});

/** A directory's files as { path: text }. */
function filesOf(root: string, under = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(under, relative(root, join(e.parentPath, e.name)))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

describe('the workflow templates', () => {
  it('migration-ci.yml validates a pull request with the base branch\'s rules, and the rehearsal job says why it is skipped', async () => {
    const templates = filesOf(new URL('../../templates/.github', import.meta.url).pathname, '.github');
    gh.people.createRepo('acme/orders', { files: { ...filesOf(new URL('../../examples/demo-migration', import.meta.url).pathname), ...templates }, private: true });
    gh.actions.setSecret('acme/orders', 'SOURCE_URL', CANARY);
    await gh.people.as('carol').push('acme/orders', 'contracts-note', { 'contracts/NOTE.md': 'why\n' }, 'A note for reviewers');
    const { data: pull } = await carol.rest.pulls.create({ owner: 'acme', repo: 'orders', head: 'contracts-note', base: 'main', title: 'Note' });
    const runs = await runsFor(`refs/pull/${pull.number}/merge`, 'orders');
    expect(runs.map((r) => r.workflowName)).toEqual(['migration-ci']);
    const [validate, rehearsal] = gh.actions.jobsOf(runs[0]!.id);
    expect(validate).toMatchObject({ name: 'validate', conclusion: 'success' });
    expect(validate!.log).toContain('validate: PASS');
    // Until execute offers --rehearse the job says so and passes; after that it rehearses for real.
    if (rehearsal!.log.includes('no execute --rehearse yet')) expect(runs[0]!.conclusion).toBe('success');
    expect(gh.actions.log(runs[0]!.id)).not.toContain('canary-5ecr3t');
  });

  it('migration-runner.yml refuses an unsigned plan tag in its dry run: no shard or execute job runs, no secret in the logs', async () => {
    const files = filesOf(new URL('../../examples/demo-migration', import.meta.url).pathname);
    const plan = JSON.parse(files['plans/migration_plan.json']!) as { target: { engine: string } };
    plan.target.engine = 'postgres';
    gh.people.createRepo('acme/unsigned', {
      files: { ...files, 'plans/migration_plan.json': `${JSON.stringify(plan, null, 2)}\n`, ...filesOf(new URL('../../templates/.github', import.meta.url).pathname, '.github') },
      private: true,
    });
    gh.actions.setSecret('acme/unsigned', 'SOURCE_URL', CANARY);
    gh.actions.setSecret('acme/unsigned', 'TARGET_URL', CANARY.replace('shop', 'warehouse'));
    const main = (await carol.rest.git.getRef({ owner: 'acme', repo: 'unsigned', ref: 'heads/main' })).data.object.sha;
    await carol.rest.git.createRef({ owner: 'acme', repo: 'unsigned', ref: 'refs/tags/plan/v1', sha: main });
    const [run] = await runsFor('refs/tags/plan/v1', 'unsigned');
    expect(run).toMatchObject({ workflowName: 'migration-runner', conclusion: 'failure' });
    const jobs = gh.actions.jobsOf(run!.id);
    expect(jobs.map((j) => [j.key, j.conclusion])).toEqual([['plan', 'failure'], ['shard', 'skipped'], ['execute', 'skipped']]);
    expect(jobs[0]!.outputs).toEqual({ shards: '[1,2]' });
    expect(jobs[0]!.steps.map((st) => st.conclusion)).toEqual(['success', 'success', 'success', 'success', 'failure']);
    expect(jobs[0]!.log).toContain('refused by the plan gate');
    expect(gh.actions.log(run!.id)).not.toContain('canary-5ecr3t');
  });
});

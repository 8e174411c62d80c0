import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowContext } from '../../playground/index.js';
import { world, type World } from './helpers.js';

const RUNNER = `name: migration-runner
on:
  push:
    tags: ['plan/v*']
jobs: { run: { runs-on: ubuntu-latest, steps: [ { run: echo } ] } }
`;
const DISCOVER = `name: discover
on:
  workflow_dispatch:
    inputs: { scope: { required: true } }
jobs: { run: { runs-on: ubuntu-latest, steps: [ { run: echo } ] } }
`;

let w: World;
const seen: WorkflowContext[] = [];
beforeAll(async () => {
  w = await world({ 'README.md': '#\n', '.github/workflows/migration-runner.yml': RUNNER, '.github/workflows/discover.yml': DISCOVER });
  // An app that asked for workflow_run events and actions: read (app.yml does not): the installation carries what it accepted.
  const installation = w.gh.sim.store.installations.get(w.installationId)!;
  installation.events.push('workflow_run');
  installation.permissions.actions = 'read';
  w.gh.actions.register('migration-runner.yml', async (ctx) => {
    seen.push(ctx);
    // The run's token reads the repository like GITHUB_TOKEN does.
    const res = await fetch(`${ctx.apiUrl}/repos/${ctx.repository.owner}/${ctx.repository.name}/git/ref/${ctx.ref.slice(5)}`, { headers: { authorization: `token ${ctx.token}` } });
    return res.ok ? 'success' : 'failure';
  });
  w.gh.actions.register('discover.yml', async (ctx) => { seen.push(ctx); });
});
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'mig' };

describe('workflow triggers', () => {
  it('starts the tag workflow for a pushed plan tag and records the run with workflow_run webhooks', async () => {
    const main = (await w.app.rest.git.getRef({ ...o, ref: 'heads/main' })).data.object.sha;
    const tag = await w.app.rest.git.createTag({ ...o, tag: 'plan/v1', message: 'plan v1', object: main, type: 'commit', tagger: { name: 'bot', email: 'bot@example.com' } });
    await w.app.rest.git.createRef({ ...o, ref: 'refs/tags/plan/v1', sha: tag.data.sha });
    await w.gh.people.as('carol').push(w.repo, 'feature', { 'x.txt': 'x\n' }, 'no workflow for branches');
    await w.gh.actions.idle();
    await w.gh.webhooks.idle();
    expect(seen.map((s) => [s.workflow, s.event, s.ref, s.sha])).toEqual([['.github/workflows/migration-runner.yml', 'push', 'refs/tags/plan/v1', main]]);
    expect(w.gh.actions.runs.map((r) => [r.workflowPath, r.status, r.conclusion])).toEqual([['.github/workflows/migration-runner.yml', 'completed', 'success']]);
    const actions = w.gh.webhooks.deliveries.filter((d) => d.event === 'workflow_run').map((d) => d.action);
    expect(actions).toEqual(['requested', 'in_progress', 'completed']);
    const listed = await w.app.rest.actions.listWorkflowRunsForRepo({ ...o, event: 'push' });
    expect(listed.data.workflow_runs.map((r) => [r.path, r.status, r.conclusion, r.head_sha])).toEqual([['.github/workflows/migration-runner.yml', 'completed', 'success', main]]);
    const one = await w.app.rest.actions.getWorkflowRun({ ...o, run_id: listed.data.workflow_runs[0]!.id });
    expect(one.data.name).toBe('migration-runner');
  });

  it('runs workflow_dispatch with inputs, and refuses a workflow without that trigger', async () => {
    await w.gh.people.as('carol').dispatchWorkflow(w.repo, 'discover.yml', 'main', { scope: 'public.*' });
    await w.gh.actions.idle();
    expect(seen.at(-1)).toMatchObject({ workflow: '.github/workflows/discover.yml', event: 'workflow_dispatch', inputs: { scope: 'public.*' }, actor: 'carol' });
    await expect(w.gh.people.as('carol').dispatchWorkflow(w.repo, 'migration-runner.yml', 'main')).rejects.toMatchObject({ status: 422 });
    await expect(w.gh.people.as('carol').dispatchWorkflow(w.repo, 'missing.yml', 'main')).rejects.toMatchObject({ status: 404 });
  });
});

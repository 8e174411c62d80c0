// Check runs as GitHub serves them: a queued or in-progress run has conclusion null (a nullable enum in
// GitHub's description), and a request whose answer fails validation changes nothing and sends no webhook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueRoutes } from '../../playground/api/issues.js';
import type { Route } from '../../playground/index.js';
import { startPlayground } from '../../playground/index.js';
import { world, type World } from './helpers.js';

let w: World;
let sha: string;
beforeAll(async () => {
  w = await world();
  sha = await w.gh.people.as('carol').push(w.repo, 'feature', { 'a.sql': 'select 1;\n' }, 'Add a');
});
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

describe('check runs before they complete', () => {
  it.each(['queued', 'in_progress'] as const)('creates a %s run, lists it and sends check_run.created once', async (status) => {
    const name = `migration/${status}`;
    const run = await w.app.rest.checks.create({ owner: 'acme', repo: 'mig', name, head_sha: sha, status });
    expect(run.status).toBe(201);
    expect(run.data).toMatchObject({ status, conclusion: null });
    const list = await w.app.rest.checks.listForRef({ owner: 'acme', repo: 'mig', ref: sha, check_name: name });
    expect(list.data.check_runs.map((r) => [r.id, r.conclusion])).toEqual([[run.data.id, null]]);
    await w.gh.webhooks.idle();
    const created = w.gh.webhooks.deliveries.filter((d) => d.event === 'check_run' && d.action === 'created'
      && (d.payload.check_run as { name: string }).name === name);
    expect(created).toHaveLength(1);
  });
});

describe('a request whose answer drifts from GitHub\'s description', () => {
  const real = issueRoutes.find((r) => r.operationId === 'issues/create-comment')!;
  const drifting: Route = { ...real, handle: (ctx) => ({ ...(real.handle(ctx) as object), body: { id: 'not a comment' } }) as never };

  it('answers 500, keeps no comment and sends no webhook', async () => {
    const gh = await startPlayground({ extraRoutes: [drifting], validate: true });
    try {
      gh.people.createUser('carol');
      gh.people.createRepo('carol/mig', { files: { 'a.txt': 'a\n' } });
      gh.people.installApp('carol');
      const carol = gh.people.as('carol');
      const issue = await carol.openIssue('carol/mig', 'An issue');
      await gh.webhooks.idle();
      const deliveries = gh.webhooks.deliveries.length;
      await expect(carol.comment('carol/mig', issue, 'hello')).rejects.toMatchObject({ status: 500 });
      const comments = await carol.octokit.issues.listComments({ owner: 'carol', repo: 'mig', issue_number: issue });
      expect(comments.data).toEqual([]);
      const got = await carol.octokit.issues.get({ owner: 'carol', repo: 'mig', issue_number: issue });
      expect(got.data.comments).toBe(0);
      await gh.webhooks.idle();
      expect(gh.webhooks.deliveries.length).toBe(deliveries);
      expect(gh.violations.join('\n')).toMatch(/response 201 of issues\/create-comment/);
    } finally {
      await gh.close();
    }
  });
});

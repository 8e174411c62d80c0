// recordApprovals against the real simulator: a pull request made and reviewed through the REST API by
// simulated people, recorded by the app with its installation token (ProbotOctokit) and by a person's
// @octokit/rest client (both satisfy the port). What the record says is then judged by core's approval rules.
import { Octokit } from '@octokit/rest';
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordApprovals } from '../../app/github/approvals-record.js';
import type { GitHubReadPort } from '../../app/github/port.js';
import { approvalsInputFromRecord, checkApprovalsRecord, evaluateApprovals, type ApprovalsRecord } from '../../core/approvals/index.js';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { DEFAULT_POLICY } from '../../core/policy/defaults.js';
import { startPlayground, type Playground } from '../../playground/index.js';

const REPO = 'acme/mig';
const where = { owner: 'acme', repo: 'mig' };
const CONFIG = [
  'roles:',
  '  tech_lead: { users: [], teams: [acme/data-leads] }',
  '  data_owner: { users: [dora] }',
  '  security: { users: [sam] }',
  'signers: { keys: [], tag_signers: [] }',
  'artifact_store: { kind: filesystem, path: artifacts }',
  'connections: {}',
  '',
].join('\n');
const BASE_CODEOWNERS = '*  @acme/data-leads\n/plans/  @acme/plan-owners @dora\n';
const PLAN = '{ "plan_id": "p", "note": "bytes exactly as pushed, spaces included" }\n';

let gh: Playground;
let app: GitHubReadPort;
let installationId: number;

beforeAll(async () => {
  gh = await startPlayground();
  for (const login of ['carol', 'alice', 'dora', 'sam', 'pat']) gh.people.createUser(login);
  gh.people.createOrg('acme', ['carol', 'alice', 'dora', 'sam', 'pat']);
  gh.people.createTeam('acme', 'data-leads', ['alice', 'pat']);
  gh.people.createTeam('acme', 'plan-owners', ['dora']);
  gh.people.createRepo(REPO, { private: true, files: { '.migration/config.yml': CONFIG, '.github/CODEOWNERS': BASE_CODEOWNERS, 'README.md': '# mig\n' } });
  installationId = gh.people.installApp('acme').id;
  app = new ProbotOctokit({ baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId }, request: { retries: 0 } });
});

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
});

let branches = 0;
/** A fresh pull request by carol; the head also rewrites CODEOWNERS and the roles, which must not count. */
async function openPlanPull(files: Record<string, string> = {}): Promise<number> {
  const branch = `plan-${++branches}`;
  const carol = gh.people.as('carol');
  await carol.push(REPO, branch, {
    'plans/migration_plan.json': PLAN, '.github/CODEOWNERS': '* @carol\n',
    '.migration/config.yml': CONFIG.replace('teams: [acme/data-leads]', 'teams: [acme/data-leads, acme/head-team]'), ...files,
  }, 'Plan');
  return carol.openPull(REPO, { head: branch, title: `Plan ${branches}` });
}

const judge = (record: ApprovalsRecord, transition: string) =>
  evaluateApprovals({ ...approvalsInputFromRecord(record, { roles: { tech_lead: { teams: ['acme/data-leads'] }, data_owner: { users: ['dora'] }, security: { users: ['sam'] } }, policy: DEFAULT_POLICY }), transition });

describe('recordApprovals', () => {
  it('records the pull request, its reviews, the plan digest, the teams and the base branch CODEOWNERS', async () => {
    const n = await openPlanPull();
    for (const login of ['alice', 'dora', 'sam']) await gh.people.as(login).review(REPO, n, 'APPROVE');
    await gh.people.as('pat').review(REPO, n, 'COMMENT', 'looks fine');
    const head = (await app.rest.pulls.get({ ...where, pull_number: n })).data.head.sha;

    const record = await recordApprovals(app, { ...where, pull_number: n });
    expect(checkApprovalsRecord(JSON.stringify(record), 'record').findings).toEqual([]);
    expect(record).toMatchObject({
      repository: REPO, pull_number: n, base_ref: 'main', head_sha: head, author: 'carol',
      plan_sha256: sha256Hex(PLAN), codeowners: BASE_CODEOWNERS,
    });
    expect(record.teams).toEqual({ 'acme/data-leads': ['alice', 'pat'], 'acme/plan-owners': ['dora'] });
    expect([...record.changed_files].sort()).toEqual(['.github/CODEOWNERS', '.migration/config.yml', 'plans/migration_plan.json']);
    expect(record.reviews.map((r) => [r.user, r.state, r.commit_id])).toEqual([
      ['alice', 'APPROVED', head], ['dora', 'APPROVED', head], ['sam', 'APPROVED', head], ['pat', 'COMMENTED', head],
    ]);
    expect(judge(record, 'PLAN_DRAFTED->PLANNED')).toMatchObject({ satisfied: true });
    expect(judge(record, 'PLANNED->EXECUTED')).toMatchObject({ satisfied: true });
  });

  it.each<[string, (n: number) => Promise<void>, string]>([
    ['a review made stale by a push', async (n) => {
      await gh.people.as('alice').review(REPO, n, 'APPROVE');
      await gh.people.as('carol').push(REPO, `plan-${branches}`, { 'notes.md': 'later\n' }, 'More');
    }, 'stale'],
    ['a dismissed review', async (n) => {
      const id = await gh.people.as('alice').review(REPO, n, 'APPROVE');
      await gh.people.as('sam').dismissReview(REPO, n, id, 'not yet');
    }, 'DISMISSED'],
    ['no review by a team member', async (n) => {
      await gh.people.as('carol').comment(REPO, n, 'ping');
    }, 'none'],
  ])('records %s so that it does not count', async (_name, act, kind) => {
    const n = await openPlanPull();
    await act(n);
    const record = await recordApprovals(app, { ...where, pull_number: n });
    const alice = record.reviews.filter((r) => r.user === 'alice');
    if (kind === 'stale') expect(alice.map((r) => r.commit_id === record.head_sha)).toEqual([false]);
    if (kind === 'DISMISSED') expect(alice.map((r) => r.state)).toEqual(['DISMISSED']);
    if (kind === 'none') expect(alice).toEqual([]);
    const result = judge(record, 'PLAN_DRAFTED->PLANNED');
    expect(result.satisfied).toBe(false);
    expect(result.roles.find((r) => r.role === 'tech_lead')?.status).toBe('missing');
  });

  it('reads every page of changed files, and works through a person\'s @octokit/rest client too', async () => {
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`models/m${String(i).padStart(3, '0')}.sql`, `select ${i};\n`]));
    const n = gh.people.openPullNow(REPO, 'carol', { head: 'bulk', title: 'Bulk', files: { 'plans/migration_plan.json': PLAN, ...many } });
    const person = new Octokit({ auth: gh.people.as('alice').token, baseUrl: gh.url, request: { retries: 0 } });
    const record = await recordApprovals(person, { ...where, pull_number: n });
    expect(record.changed_files).toHaveLength(131);
    expect(record.codeowners).toBe(BASE_CODEOWNERS);
  });

  it('refuses a pull request without a plan as bad input, naming the pull request and its head', async () => {
    const branch = `noplan-${++branches}`;
    await gh.people.as('carol').push(REPO, branch, { 'other/x.txt': 'x\n' }, 'No plan');
    const n = await gh.people.as('carol').openPull(REPO, { head: branch, title: 'No plan' });
    const err = await recordApprovals(app, { ...where, pull_number: n }).catch((e: unknown) => e) as CopilotError;
    expect(err).toBeInstanceOf(CopilotError);
    expect([err.code, err.kind]).toEqual(['FILE_NOT_FOUND', 'input']);
    expect(err.message).toMatch(/plans\/migration_plan.json is not in acme\/mig#\d+ at its head [0-9a-f]{12}/);
  });

  it('names the base branch config when its roles cannot be read, and a pull request that does not exist as a system failure', async () => {
    gh.people.createRepo('acme/broken', { files: { '.migration/config.yml': 'roles: [not, a, map]\n', 'CODEOWNERS': '* @acme/data-leads\n' } });
    const n = gh.people.openPullNow('acme/broken', 'carol', { head: 'p', title: 'p', files: { 'plans/migration_plan.json': PLAN } });
    const bad = await recordApprovals(app, { owner: 'acme', repo: 'broken', pull_number: n }).catch((e: unknown) => e) as CopilotError;
    expect([bad.code, bad.kind]).toEqual(['SCHEMA_INVALID', 'input']);
    expect(bad.message).toMatch(/\.migration\/config\.yml \(base branch main\) is not a valid configuration/);
    const missing = await recordApprovals(app, { ...where, pull_number: 999 }).catch((e: unknown) => e) as CopilotError;
    expect([missing.code, missing.kind]).toEqual(['CONNECTION_FAILED', 'system']);
    expect(missing.message).toContain('reading pull request acme/mig#999 failed (HTTP 404)');
  });
});

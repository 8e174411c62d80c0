// The simulator refuses what GitHub refuses, in GitHub's words: malformed request bodies (in every mode, not
// only under validation), calls outside an installation token's permissions, tokens asking for more than the
// installation was granted, unsubscribed events, commands from people without write access, and rate limits.
import { Octokit } from '@octokit/rest';
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../playground/index.js';
import { readManifest } from '../../playground/state/manifest.js';

let gh: Playground;
let installationId: number;
let sha: string;
const o = { owner: 'acme', repo: 'mig' };

function appOctokit(g: Playground, id: number): InstanceType<typeof ProbotOctokit> {
  return new ProbotOctokit({
    baseUrl: g.url, auth: { appId: g.app.id, privateKey: g.app.privateKeyPem, installationId: id }, request: { retries: 0 }, throttle: { enabled: false },
  });
}

/** The app itself (its JWT), to mint installation tokens by hand. */
function jwtOctokit(g: Playground): InstanceType<typeof ProbotOctokit> {
  return new ProbotOctokit({ baseUrl: g.url, auth: { appId: g.app.id, privateKey: g.app.privateKeyPem }, request: { retries: 0 }, throttle: { enabled: false } });
}

beforeAll(async () => {
  // validate: false: the request checks below hold without response validation, as they do on github.com.
  gh = await startPlayground({ validate: false, rateLimit: { limit: 40, writesPerWindow: 3, secondaryWindowMs: 60_000 } });
  for (const login of ['carol', 'tina', 'rob']) gh.people.createUser(login);
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/mig', { private: true, files: { 'a.sql': 'select 1;\n' }, collaborators: ['tina', 'rob'] });
  gh.sim.store.repo('acme', 'mig')!.roles = { tina: 'triage', rob: 'read' };
  installationId = gh.people.installApp('acme').id;
  sha = (await gh.people.as('carol').octokit.git.getRef({ ...o, ref: 'heads/main' })).data.object.sha;
});
afterAll(async () => { await gh.close(); });

describe('request bodies, always', () => {
  it('refuses an annotation without annotation_level and an output without summary, with GitHub\'s message', async () => {
    const app = appOctokit(gh, installationId);
    const noLevel = app.rest.checks.create({ ...o, name: 'x', head_sha: sha, output: { title: 't', summary: 's', annotations: [{ path: 'a.sql', start_line: 1, end_line: 1, message: 'm' } as never] } });
    await expect(noLevel).rejects.toMatchObject({ status: 422, response: { data: { message: 'Invalid request.\n\n"annotation_level" wasn\'t supplied.', documentation_url: expect.stringMatching(/checks.*#create-a-check-run$/) } } });
    await expect(app.rest.checks.create({ ...o, name: 'x', head_sha: sha, output: { title: 't' } as never }))
      .rejects.toMatchObject({ status: 422, response: { data: { message: 'Invalid request.\n\n"summary" wasn\'t supplied.' } } });
    const many = Array.from({ length: 51 }, () => ({ path: 'a.sql', start_line: 1, end_line: 1, annotation_level: 'notice' as const, message: 'm' }));
    await expect(app.rest.checks.create({ ...o, name: 'x', head_sha: sha, output: { title: 't', summary: 's', annotations: many } }))
      .rejects.toMatchObject({ status: 422, response: { data: { message: 'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.' } } });
    const runs = await app.rest.checks.listForRef({ ...o, ref: sha });
    expect(runs.data.total_count).toBe(0);
  });
});

describe('permissions from app.yml', () => {
  it('grants the installation what app.yml asks for, and nothing else', async () => {
    const manifest = readManifest();
    const app = appOctokit(gh, installationId);
    const inst = await jwtOctokit(gh).rest.apps.getInstallation({ installation_id: installationId });
    expect(inst.data.permissions).toEqual(manifest.permissions);
    expect(inst.data.events).toEqual(manifest.events);
    // app.yml has no statuses, administration or actions permission: GitHub answers 403 in these words.
    await expect(app.rest.repos.createCommitStatus({ ...o, sha, state: 'success', context: 'ci' }))
      .rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    await expect(app.rest.repos.updateBranchProtection({ ...o, branch: 'main', required_status_checks: null, enforce_admins: null, required_pull_request_reviews: null, restrictions: null }))
      .rejects.toMatchObject({ status: 403 });
  });

  it('mints a token with fewer permissions, and refuses one with more than the installation has', async () => {
    const minted = await jwtOctokit(gh).rest.apps.createInstallationAccessToken({ installation_id: installationId, permissions: { contents: 'read' } });
    expect(minted.data.permissions).toEqual({ contents: 'read', metadata: 'read' });
    const readOnly = new Octokit({ baseUrl: gh.url, auth: minted.data.token, request: { retries: 0 } });
    await readOnly.repos.getContent({ ...o, path: 'a.sql' });
    await expect(readOnly.issues.create({ ...o, title: 'x' })).rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    await expect(jwtOctokit(gh).rest.apps.createInstallationAccessToken({ installation_id: installationId, permissions: { administration: 'write' } }))
      .rejects.toMatchObject({ status: 422, response: { data: { message: 'The permissions requested are not granted to this installation.' } } });
  });

  it('delivers only the events the installation subscribed to (installation always)', async () => {
    const carol = gh.people.as('carol').octokit;
    await carol.issues.create({ ...o, title: 'not subscribed' });
    await carol.git.createRef({ ...o, ref: 'refs/heads/side', sha });
    await gh.webhooks.idle();
    const events = new Set(gh.webhooks.deliveries.map((d) => d.event));
    expect(events.has('installation')).toBe(true);
    expect(events.has('push')).toBe(true);
    expect(events.has('issues')).toBe(false);
    expect(events.has('create')).toBe(false);
  });

  it('reports each person\'s role, so an app can refuse commands from people without write access', async () => {
    const app = appOctokit(gh, installationId);
    const level = async (username: string) => (await app.rest.repos.getCollaboratorPermissionLevel({ ...o, username })).data;
    expect(await level('carol')).toMatchObject({ permission: 'write', role_name: 'write' });
    expect(await level('tina')).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect(await level('rob')).toMatchObject({ permission: 'read', role_name: 'read', user: { login: 'rob', permissions: { pull: true, push: false } } });
    await expect(gh.people.as('rob').octokit.git.createRef({ ...o, ref: 'refs/heads/rob', sha })).rejects.toMatchObject({ status: 404 });
  });
});

describe('rate limits', () => {
  it('reports the budget per token in headers and GET /rate_limit, and refuses writes that come too fast', async () => {
    const tina = gh.people.as('tina').octokit;
    const first = await tina.repos.get(o);
    const used = Number(first.headers['x-ratelimit-used']);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '40', 'x-ratelimit-resource': 'core' });
    expect(Number(first.headers['x-ratelimit-remaining'])).toBe(40 - used);
    const limit = await tina.rateLimit.get();
    expect(limit.data.resources.core).toMatchObject({ limit: 40, used });
    for (let i = 0; i < 3; i += 1) await tina.issues.create({ ...o, title: `t${i}` });
    const refused = await tina.issues.create({ ...o, title: 'too fast' }).catch((e: { status: number; response: { headers: Record<string, string>; data: { message: string } } }) => e);
    expect(refused).toMatchObject({ status: 403, response: { data: { message: expect.stringMatching(/secondary rate limit/) } } });
    expect(Number((refused as { response: { headers: Record<string, string> } }).response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses with x-ratelimit-remaining 0 once the primary budget is spent', async () => {
    const rob = gh.people.as('rob').octokit;
    let last: unknown;
    for (let i = 0; i < 41 && !last; i += 1) last = await rob.repos.get(o).then(() => undefined, (e: unknown) => e);
    expect(last).toMatchObject({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0' }, data: { message: expect.stringMatching(/^API rate limit exceeded for user ID \d+\.$/) } } });
  });
});

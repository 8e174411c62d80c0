// The app's HTTP server as `npm start` runs it: signed deliveries only (a bad or missing signature is 401
// and nothing is done), any payload answered without a crash, and the read-only REST API behind a GitHub token.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../playground/index.js';
import { appWorld, launch, PLAN, settle, type AppWorld } from './world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let pull: number;

beforeAll(async () => {
  w = await appWorld();
  w.gh.people.createUser('mallory');
  app = await launch(w.gh);
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  const carol = w.gh.people.as('carol');
  await carol.push(w.full, 'plan-v1', { [PLAN]: w.plan }, 'Add the plan');
  pull = await carol.openPull(w.full, { head: 'plan-v1', title: 'Plan v1' });
  await w.gh.people.as('alice').review(w.full, pull, 'APPROVE');
  await settle(w.gh, [app]);
});

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
});

/** POSTs a delivery signed with `secret` (null: no signature header at all). */
async function post(event: string, payload: unknown, secret: string | null = w.gh.app.webhookSecret): Promise<number> {
  return (await send(event, payload, secret)).status;
}

async function send(event: string, payload: unknown, secret: string | null): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${app.url}/api/github/webhooks`, {
    method: 'POST', body,
    headers: {
      'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': crypto.randomUUID(),
      ...(secret === null ? {} : { 'x-hub-signature-256': signBody(secret, body) }),
    },
  });
  return { status: res.status, body: await res.text() };
}

async function checkRunCount(): Promise<number> {
  const head = (await w.gh.people.as('carol').octokit.pulls.get({ owner: w.owner, repo: w.name, pull_number: pull })).data.head.sha;
  return (await w.gh.people.as('carol').octokit.checks.listForRef({ owner: w.owner, repo: w.name, ref: head })).data.total_count;
}

describe('webhooks', () => {
  it('refuses a delivery whose signature does not match, or that has none, with 401, and does nothing', async () => {
    const before = w.gh.requests.length;
    const installation = { id: w.gh.sim.store.installations.keys().next().value as number };
    const payload = { action: 'synchronize', number: pull, pull_request: { number: pull }, repository: { name: w.name, owner: { login: w.owner } }, installation };
    const bad = await send('pull_request', payload, 'not-the-secret');
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toEqual({ error: 'the signature does not match the delivery and the webhook secret' });
    expect(bad.body).not.toContain(w.gh.app.webhookSecret);
    const unsigned = await send('pull_request', payload, null);
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body)).toEqual({ error: 'the delivery is not signed (X-Hub-Signature-256 is missing)' });
    await app.idle();
    expect(w.gh.requests.slice(before).filter((r) => r.actor?.startsWith('app:'))).toEqual([]);
    // The same delivery signed with the secret is served: the refusal was the signature's, nothing else.
    expect(await post('pull_request', payload)).toBe(200);
    await settle(w.gh, [app]);
    expect(w.gh.requests.slice(before).filter((r) => r.actor?.startsWith('app:')).length).toBeGreaterThan(0);
  });

  it('answers any payload without a crash: unknown actions, other shapes, other events, no repository', async () => {
    const repository = { name: w.name, owner: { login: w.owner }, default_branch: 'main' };
    const installation = { id: w.gh.sim.store.installations.keys().next().value as number };
    expect(await post('pull_request', { action: 'teleported', pull_request: { number: pull }, repository, installation })).toBe(200);
    expect(await post('pull_request', { action: 'opened', pull_request: 'not an object', repository: 42 })).toBe(200);
    expect(await post('pull_request_review', { action: 'submitted', installation })).toBe(200);
    expect(await post('check_run', { action: 'rerequested', check_run: { name: 'someone-else/ci', pull_requests: [] }, repository, installation })).toBe(200);
    expect(await post('push', { ref: 'refs/tags/x', repository, installation })).toBe(200);
    expect(await post('issues', { action: 'opened', issue: { number: 1 }, repository, installation })).toBe(200);
    expect(await post('installation', { action: 'created', installation: { id: installation.id, account: { login: w.owner } }, repositories: 'none' })).toBe(200);
    expect(await post('pull_request', [])).toBe(200);
    // A delivery for a pull request that does not exist is logged and dropped by its job.
    expect(await post('pull_request', { action: 'synchronize', number: 999, pull_request: { number: 999 }, repository, installation })).toBe(200);
    await app.idle();
    // And the app still converges a real event afterwards.
    expect(await checkRunCount()).toBe(8);
    expect(await post('pull_request', { action: 'synchronize', pull_request: { number: pull }, repository, installation })).toBe(200);
    await settle(w.gh, [app]);
    expect(await checkRunCount()).toBe(8);
  });

  // GitHub gives a delivery 10 s; the bound is that timeout, so a loaded machine cannot make this flaky.
  it('answers within GitHub\'s delivery timeout: the work is queued, not done in the request', async () => {
    const repository = { name: w.name, owner: { login: w.owner }, default_branch: 'main' };
    const installation = { id: w.gh.sim.store.installations.keys().next().value as number };
    const started = Date.now();
    expect(await post('check_suite', { action: 'rerequested', check_suite: { head_sha: 'x', pull_requests: [{ number: pull }] }, repository, installation })).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    await settle(w.gh, [app]);
  });
});

describe('REST API', () => {
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${app.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer()) };
  };

  it('needs a token that can read the repository: 401 without, 404 for anyone else, no detail', async () => {
    expect(await get(`/api/v1/projects/${w.full}`)).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(await get(`/api/v1/projects/${w.full}`, 'ghu_not_a_real_token_at_all')).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect(await get(`/api/v1/projects/${w.full}`, w.gh.people.as('mallory').token)).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect(await get('/api/v1/projects/acme/nope', w.gh.people.as('carol').token)).toEqual({ status: 404, body: { message: 'Not Found' } });
    const res = await fetch(`${app.url}/api/v1/projects/${w.full}`, { method: 'POST', headers: { authorization: `Bearer ${w.gh.people.as('carol').token}` } });
    expect(res.status).toBe(405);
  });

  it('one project: state, plan versions, approvals still missing on its plan pull request, recon, audit head', async () => {
    const { status, body } = await get(`/api/v1/projects/${w.full}`, w.gh.people.as('carol').token);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      repository: w.full, project_id: 'demo-orders', state: 'PLAN_DRAFTED', default_branch: 'main', plan_versions: [], recon: null,
      project: JSON.parse(w.main['project.json']!),
    });
    const missing = (body as { approvals_missing: { pull_number: number; missing: string[] }[] }).approvals_missing;
    expect(missing.map((m) => m.pull_number)).toEqual([pull]);
    expect(missing[0]!.missing.some((m) => m.includes('role data_owner is missing'))).toBe(true);
    expect(missing[0]!.missing.some((m) => m.includes('role tech_lead is missing'))).toBe(false);
  });

  it('the projects of an installation the caller can read', async () => {
    const id = w.gh.sim.store.installations.keys().next().value as number;
    expect(await get(`/api/v1/installations/${id}/projects`, w.gh.people.as('carol').token)).toEqual({
      status: 200, body: { installation_id: id, projects: [{ repository: w.full, project_id: 'demo-orders', state: 'PLAN_DRAFTED' }] },
    });
    expect((await get(`/api/v1/installations/${id}/projects`, w.gh.people.as('mallory').token)).status).toBe(404);
    expect((await get('/api/v1/installations/999999/projects', w.gh.people.as('carol').token)).status).toBe(404);
  });

  it('an artifact by sha256: the exact bytes, digest checked; an unknown digest is 404', async () => {
    const bytes = Buffer.from(w.main['project.json']!, 'utf8');
    const digest = createHash('sha256').update(bytes).digest('hex');
    const found = await get(`/api/v1/projects/${w.full}/artifacts/${digest}`, w.gh.people.as('carol').token);
    expect(found.status).toBe(200);
    expect(Buffer.compare(found.body as Buffer, bytes)).toBe(0);
    expect((await get(`/api/v1/projects/${w.full}/artifacts/${'0'.repeat(64)}`, w.gh.people.as('carol').token)).status).toBe(404);
    expect((await get(`/api/v1/projects/${w.full}/artifacts/${digest}`, w.gh.people.as('mallory').token)).status).toBe(404);
  });
});

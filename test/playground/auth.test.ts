import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world(); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

function jwt(claims: Record<string, unknown>, key: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key, 'base64url')}`;
}

describe('app authentication', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: { name: string; token: () => string; status: number }[] = [
    { name: 'a valid JWT', token: () => jwt({ iat: now() - 30, exp: now() + 540, iss: w.gh.app.id }, w.gh.app.privateKeyPem), status: 200 },
    { name: 'an expired JWT', token: () => jwt({ iat: now() - 700, exp: now() - 100, iss: w.gh.app.id }, w.gh.app.privateKeyPem), status: 401 },
    { name: 'a JWT for another app', token: () => jwt({ iat: now() - 30, exp: now() + 540, iss: 1 }, w.gh.app.privateKeyPem), status: 401 },
    { name: 'a JWT expiring too late', token: () => jwt({ iat: now() - 30, exp: now() + 3600, iss: w.gh.app.id }, w.gh.app.privateKeyPem), status: 401 },
    { name: 'a JWT with a forged signature', token: () => `${jwt({ iat: now() - 30, exp: now() + 540, iss: w.gh.app.id }, w.gh.app.privateKeyPem).slice(0, -6)}AAAAAA`, status: 401 },
    { name: 'garbage', token: () => 'eyJ.garbage.here', status: 401 },
  ];
  it.each(cases)('answers $status to $name', async ({ token, status }) => {
    const res = await fetch(`${w.gh.url}/app/installations`, { headers: { authorization: `Bearer ${token()}`, accept: 'application/vnd.github+json' } });
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    if (status === 401) expect(body).toMatchObject({ message: expect.any(String), documentation_url: expect.any(String) });
    else expect((body as unknown as { id: number }[]).map((i) => i.id)).toEqual([w.installationId]);
  });

  it('rejects unknown and expired tokens, and tokens used outside their scope', async () => {
    const res = await fetch(`${w.gh.url}/repos/acme/mig`, { headers: { authorization: 'token ghs_not-a-token' } });
    expect(res.status).toBe(401);
    const scoped = await w.app.rest.apps.createInstallationAccessToken({ installation_id: w.installationId, repositories: ['mig'] });
    expect(scoped.data.repositories?.map((r) => r.full_name)).toEqual(['acme/mig']);
    w.gh.people.createRepo('acme/secret', { private: true, files: { 'a.txt': 'a\n' } });
    const hidden = await fetch(`${w.gh.url}/repos/acme/secret`, { headers: { authorization: `token ${scoped.data.token}` } });
    expect(hidden.status).toBe(404);
    const repoInstallation = await w.app.rest.apps.getRepoInstallation({ owner: 'acme', repo: 'mig' });
    expect(repoInstallation.data.id).toBe(w.installationId);
    const token = w.gh.sim.store.tokens.get(scoped.data.token)!;
    w.gh.sim.store.tokens.set(token.token, { ...token, expiresAt: Date.now() - 1 });
    const expired = await fetch(`${w.gh.url}/repos/acme/mig`, { headers: { authorization: `token ${scoped.data.token}` } });
    expect(expired.status).toBe(401);
  });
});

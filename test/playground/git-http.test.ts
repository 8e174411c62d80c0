import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
let dir: string;
let keyFile: string;
beforeAll(async () => {
  w = await world();
  w.gh.people.createRepo('acme/other', { files: { 'a.txt': 'a\n' } });
  dir = mkdtempSync(join(tmpdir(), 'mc-pg-git-'));
  keyFile = join(dir, 'signing_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'carol', '-f', keyFile]);
  w.gh.people.addSigningKey('carol', readFileSync(`${keyFile}.pub`, 'utf8'));
});
afterAll(async () => {
  await w.gh.close();
  rmSync(dir, { recursive: true, force: true });
  expect(w.gh.violations).toEqual([]);
});

function remote(token: string, repo = 'acme/mig'): string {
  const u = new URL(`${w.gh.gitUrl}/${repo}.git`);
  u.username = 'x-access-token';
  u.password = token;
  return u.toString();
}

const identity = ['user.name=carol', 'user.email=carol@users.playground.test'];

describe('git over smart HTTP', () => {
  it('clones, pushes a signed tag with an installation token and fetches it back', async () => {
    const { token } = (await w.app.auth({ type: 'installation' })) as { token: string };
    const work = join(dir, 'work');
    await simpleGit().clone(remote(token), work);
    const git = simpleGit({ baseDir: work, config: [...identity, 'gpg.format=ssh', `user.signingkey=${keyFile}`] });
    writeFileSync(join(work, 'plan.json'), '{"v":1}\n');
    await git.add('plan.json').raw(['commit', '-S', '-m', 'Plan v1']);
    await git.raw(['tag', '-s', '-m', 'plan v1', 'plan/v1']);
    await git.push('origin', 'main');
    await git.pushTags('origin');

    const ref = await w.app.rest.git.getRef({ owner: 'acme', repo: 'mig', ref: 'tags/plan/v1' });
    expect(ref.data.object.type).toBe('tag');
    const tag = await w.app.rest.git.getTag({ owner: 'acme', repo: 'mig', tag_sha: ref.data.object.sha });
    expect(tag.data.verification).toMatchObject({ verified: true, reason: 'valid' });
    // The commit git signed is verified from its own signature too.
    const commit = await w.app.rest.git.getCommit({ owner: 'acme', repo: 'mig', commit_sha: tag.data.object.sha });
    expect(commit.data.verification).toMatchObject({ verified: true, reason: 'valid' });

    const back = join(dir, 'back');
    await simpleGit().clone(remote(token), back);
    const allowed = join(dir, 'allowed_signers');
    writeFileSync(allowed, `carol@users.playground.test ${readFileSync(`${keyFile}.pub`, 'utf8')}`);
    // git itself verifies the tag fetched back (it exits non-zero, and simple-git throws, otherwise).
    await simpleGit({ baseDir: back, config: [`gpg.ssh.allowedSignersFile=${allowed}`] }).raw(['verify-tag', 'plan/v1']);
    await expect(simpleGit({ baseDir: back, config: [`gpg.ssh.allowedSignersFile=${join(dir, 'none')}`] }).raw(['verify-tag', 'plan/v1'])).rejects.toThrow();

    await w.gh.webhooks.idle();
    const events = w.gh.webhooks.deliveries.map((d) => `${d.event}:${String(d.payload.ref)}`);
    expect(events).toContain('push:refs/tags/plan/v1');
    // app.yml does not subscribe to create: GitHub would not send it, and neither does the playground.
    expect(events).not.toContain('create:plan/v1');
    expect(events).toContain('push:refs/heads/main');
  });

  it('honours the token scope and refuses anonymous access to a private repository', async () => {
    const scoped = await w.app.rest.apps.createInstallationAccessToken({ installation_id: w.installationId, repositories: ['other'] });
    expect(scoped.status).toBe(201);
    await expect(simpleGit().clone(remote(scoped.data.token), join(dir, 'denied'))).rejects.toThrow(/not found|404/i);
    await simpleGit().clone(remote(scoped.data.token, 'acme/other'), join(dir, 'allowed'));
    const anonymous = await fetch(`${w.gh.gitUrl}/acme/mig.git/info/refs?service=git-upload-pack`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('lets a member push a branch with a user token', async () => {
    const carol = w.gh.people.as('carol');
    const work = join(dir, 'carol');
    await simpleGit().clone(carol.cloneUrl('acme/mig'), work);
    const git = simpleGit({ baseDir: work, config: identity });
    writeFileSync(join(work, 'b.txt'), 'b\n');
    await git.checkoutLocalBranch('topic');
    await git.add('b.txt').commit('b');
    await git.push('origin', 'topic');
    const branch = await w.app.rest.repos.getBranch({ owner: 'acme', repo: 'mig', branch: 'topic' });
    expect(branch.data.commit.sha).toBe((await git.revparse(['HEAD'])).trim());

    // A git push to a pull request's branch synchronises the pull request, as on GitHub.
    const number = await carol.openPull(w.repo, { head: 'topic', title: 'Topic' });
    writeFileSync(join(work, 'b.txt'), 'b2\n');
    await git.add('b.txt').commit('b2');
    await git.push('origin', 'topic');
    const head = (await git.revparse(['HEAD'])).trim();
    expect((await w.app.rest.pulls.get({ owner: 'acme', repo: 'mig', pull_number: number })).data.head.sha).toBe(head);
    await w.gh.webhooks.idle();
    const sync = w.gh.webhooks.deliveries.find((d) => d.event === 'pull_request' && d.action === 'synchronize');
    expect(sync?.payload).toMatchObject({ number, after: head, sender: { login: 'carol' } });
  });
});

// Commands on a pull request from a fork are refused: the app runs nothing on a branch it does not control.
// carol forks the migration repository, proposes the plan from her fork, and alice (tech_lead, write access
// to the repository) comments /plan sign on it: the reply names the fork, the reaction is -1, the refusal is
// audited, and nothing is signed or committed anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld, launch, PLAN, settle, type AppWorld } from '../world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let pull: number;
let forkHead: string;

beforeAll(async () => {
  w = await appWorld('forked');
  app = await launch(w.gh);
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  const carol = w.gh.people.as('carol');
  const fork = await carol.fork(w.full);
  forkHead = await carol.push(fork, 'plan-v1', { [PLAN]: w.plan }, 'Add the plan');
  pull = await carol.openPull(w.full, { head: 'carol:plan-v1', title: 'Plan v1 from a fork' });
  await settle(w.gh, [app]);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
  expect(w.gh.violations).toEqual([]);
});

describe('commands from a fork', () => {
  it('refuses /plan sign on a pull request from a fork, and signs nothing', async () => {
    const carol = w.gh.people.as('carol');
    const pr = (await carol.octokit.pulls.get({ owner: w.owner, repo: w.name, pull_number: pull })).data;
    expect([pr.head.repo?.full_name, pr.head.sha]).toEqual(['carol/forked', forkHead]);
    const id = await w.gh.people.as('alice').comment(w.full, pull, '/plan sign');
    await settle(w.gh, [app]);
    const comments = (await carol.octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: pull, per_page: 100 })).data;
    const reply = comments.find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
    expect(reply).toContain(`### ⛔ \`/plan sign\` (@alice): refused\n\n#${pull} comes from a fork; the app runs no command on a pull request whose branch it does not control`);
    const reactions = (await carol.octokit.reactions.listForIssueComment({ owner: w.owner, repo: w.name, comment_id: id })).data;
    expect(reactions.map((r) => `${r.user?.login}:${r.content}`).sort()).toEqual(['migration-copilot[bot]:-1', 'migration-copilot[bot]:eyes']);

    // Nothing signed: the fork's branch, the pull request's files and the repository's branches are as they were.
    expect((await carol.octokit.git.getRef({ owner: 'carol', repo: 'forked', ref: 'heads/plan-v1' })).data.object.sha).toBe(forkHead);
    expect((await carol.octokit.pulls.listFiles({ owner: w.owner, repo: w.name, pull_number: pull })).data.map((f) => f.filename)).toEqual([PLAN]);
    const branches = (await carol.octokit.repos.listBranches({ owner: w.owner, repo: w.name })).data.map((b) => b.name).sort();
    expect(branches).toEqual(['main', 'migration-audit']);
    const appWrites = w.gh.requests.filter((r) => r.actor === 'app:migration-copilot' && r.method !== 'GET' && /\/git\/(blobs|trees|commits|refs|tags)/.test(r.path));
    // The only git writes are the audit entry's (a tree, a commit, the migration-audit ref).
    expect(appWrites.map((r) => r.path).every((p) => p.startsWith(`/repos/${w.full}/git/`))).toBe(true);
    const tree = (await carol.octokit.git.getTree({ owner: w.owner, repo: w.name, tree_sha: 'migration-audit' })).data.tree;
    const blob = (await carol.octokit.git.getBlob({ owner: w.owner, repo: w.name, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
    const entries = Buffer.from(blob.content, 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string; refs: Record<string, string> });
    expect(entries.map((e) => [e.action, e.actor, e.refs.outcome])).toEqual([['command.plan_sign', 'alice', 'refused']]);
  });
});

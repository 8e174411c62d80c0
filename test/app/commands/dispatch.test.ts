// The comment commands through `npm start`'s code path on the simulator: a person comments, the app
// receives the signed webhook and answers. Acknowledged (eyes, then +1 or -1), answered by one reply kept by
// marker, refused precisely (unknown or malformed commands with the list, no write access), and audited
// once even when the delivery comes again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld, launch, PLAN, settle, type AppWorld } from '../world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let pull: number;

beforeAll(async () => {
  w = await appWorld('cmd');
  app = await launch(w.gh);
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  w.gh.people.createUser('mallory');
  const carol = w.gh.people.as('carol');
  await carol.push(w.full, 'plan-v1', { [PLAN]: w.plan }, 'Add the plan');
  pull = await carol.openPull(w.full, { head: 'plan-v1', title: 'Plan v1' });
  await settle(w.gh, [app]);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
});

async function commentAndWait(login: string, body: string): Promise<{ id: number; reply: string; reactions: string[] }> {
  const person = w.gh.people.as(login);
  const id = await person.comment(w.full, pull, body);
  await settle(w.gh, [app]);
  return { id, ...await answerTo(id) };
}

async function answerTo(id: number): Promise<{ reply: string; reactions: string[] }> {
  const carol = w.gh.people.as('carol');
  const comments = (await carol.octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: pull, per_page: 100 })).data;
  const replies = comments.filter((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`));
  expect(replies.length).toBeLessThanOrEqual(1);
  const reactions = (await carol.octokit.reactions.listForIssueComment({ owner: w.owner, repo: w.name, comment_id: id })).data;
  return { reply: replies[0]?.body ?? '', reactions: reactions.map((r) => `${r.user?.login}:${r.content}`).sort() };
}

describe('comment commands', () => {
  it('answers /help with every command, who may run it and when; eyes then +1', async () => {
    const { reply, reactions } = await commentAndWait('carol', '/help');
    expect(reply).toContain('### ✅ `/help` (@carol): done');
    expect(reply).toContain('| `/help` | this list | anyone with write access | any state |');
    expect(reactions).toEqual(['migration-copilot[bot]:+1', 'migration-copilot[bot]:eyes']);
  });

  it('refuses an unknown and a malformed command with the list; -1', async () => {
    const { reply, reactions } = await commentAndWait('carol', 'Trying things.\n/plan explode\n/help me');
    expect(reply).toContain('### ⛔ `/plan explode` (@carol): refused');
    expect(reply).toContain('`/plan explode` is not a command of this app');
    expect(reply).toContain('/help takes no arguments, got "me". Usage: `/help`');
    expect(reply.match(/\| command \| what it does \|/g)).toHaveLength(2);
    expect(reactions).toEqual(['migration-copilot[bot]:-1', 'migration-copilot[bot]:eyes']);
  });

  it('refuses a user with read access only (a public repository), saying so', async () => {
    w.gh.people.createRepo('acme/open', { files: w.main, private: false });
    await settle(w.gh, [app]);
    const mallory = w.gh.people.as('mallory');
    const issue = await mallory.openIssue('acme/open', 'Hello');
    const id = await mallory.comment('acme/open', issue, '/help');
    await settle(w.gh, [app]);
    const comments = (await mallory.octokit.issues.listComments({ owner: 'acme', repo: 'open', issue_number: issue })).data;
    const reply = comments.find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
    expect(reply).toContain('### ⛔ `/help` (@mallory): refused\n\n@mallory has read access to acme/open; commands need write access');
  });

  it('answers an edited comment in the same reply, and a redelivery neither answers nor audits twice', async () => {
    const carol = w.gh.people.as('carol');
    const { id } = await commentAndWait('carol', '/plan nothing');
    await carol.editComment(w.full, id, '/help');
    await settle(w.gh, [app]);
    expect((await answerTo(id)).reply).toContain('### ✅ `/help` (@carol): done');
    const audit = async () => {
      const tree = (await carol.octokit.git.getTree({ owner: w.owner, repo: w.name, tree_sha: 'migration-audit' })).data.tree;
      const blob = (await carol.octokit.git.getBlob({ owner: w.owner, repo: w.name, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
      return Buffer.from(blob.content, 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; refs: Record<string, string> });
    };
    const before = await audit();
    expect(before.filter((e) => e.refs.comment === String(id)).map((e) => `${e.action}:${e.refs.outcome}`)).toEqual(['command.unknown:refused', 'command.help:done']);
    for (const d of w.gh.webhooks.deliveries.filter((x) => x.event === 'issue_comment' && !x.redelivery)) w.gh.webhooks.redeliver(d.id);
    await settle(w.gh, [app]);
    expect(await audit()).toEqual(before);
  });
});

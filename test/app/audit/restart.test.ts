// The audit chain's anchor across a restart: the chain holds two entries, a signed plan on the default
// branch records its head, someone with push rights rewrites migration-audit (the second entry replaced,
// every hash recomputed, so the chain alone still verifies), and the app is started as `npm start` starts
// it, in a new process that has seen nothing. The next command's audit is refused with the reason in its
// reply, and the rewritten branch is left as it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../app/audit/branch.js';
import { appendToAuditJsonl, parseAuditJsonl } from '../../../core/audit/index.js';
import { appEnv, appWorld, freePort, type AppWorld } from '../world.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let w: AppWorld;
let child: ChildProcess | undefined;
let issue: number;

beforeAll(async () => {
  w = await appWorld('restart');
  w.gh.people.installApp('acme');
  issue = await w.gh.people.as('carol').openIssue(w.full, 'Commands');
  // Two entries, appended the way the app appends them (the app that wrote them is gone).
  const project = JSON.parse(w.main['project.json']!) as { project_id: string };
  for (const n of [1, 2]) {
    await appendAudit(installation(), { owner: w.owner, repo: w.name }, {
      project_id: project.project_id, actor: 'carol', action: 'command.help', subject: `${w.full}#${issue}`, reasoning: `/help ${n}`, refs: {}, idempotencyKey: `before-${n}`,
    }, () => new Date());
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await w?.gh.close();
});

function installation() {
  const id = w.gh.sim.store.installations.keys().next().value as number;
  return new ProbotOctokit({ baseUrl: w.gh.url, auth: { appId: w.gh.app.id, privateKey: w.gh.app.privateKeyPem, installationId: id }, request: { retries: 0 } });
}

async function chain() {
  const ok = installation();
  const ref = (await ok.rest.git.getRef({ owner: w.owner, repo: w.name, ref: 'heads/migration-audit' })).data.object.sha;
  const tree = (await ok.rest.git.getTree({ owner: w.owner, repo: w.name, tree_sha: ref })).data.tree;
  const blob = (await ok.rest.git.getBlob({ owner: w.owner, repo: w.name, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
  const text = Buffer.from(blob.content, 'base64').toString('utf8');
  return { ref, text, entries: parseAuditJsonl(text, 'audit.jsonl').entries };
}

/** Starts app/main.ts in a new process (`npm start`'s entry) and resolves once it answers /ping. */
async function startProcess(port: number): Promise<ChildProcess> {
  const env = { ...appEnv(w.gh, port), PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the app exited with ${proc.exitCode}: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.ok, () => false);
    if (up) return proc;
    if (Date.now() > deadline) throw new Error(`the app did not answer /ping within 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the audit anchor after a restart', () => {
  it('a freshly started app refuses to continue a rewritten migration-audit branch and says why', async () => {
    const before = await chain();
    expect(before.entries.map((e) => e.action)).toEqual(['command.help', 'command.help']);
    const head = { seq: 2, hash: before.entries[1]!.hash };
    const carol = w.gh.people.as('carol');
    await carol.push(w.full, 'main', { 'plans/signed/v1.json': `${JSON.stringify({ version: 1, status: 'APPROVED', audit_head: head })}\n` }, 'Signed plan v1');

    // The rewrite: entry 2 replaced by another one, its hash recomputed; force-pushed.
    const first = `${before.text.split('\n')[0]}\n`;
    const forged = appendToAuditJsonl(first, 'audit.jsonl', { project_id: before.entries[0]!.project_id, actor: 'carol', action: 'command.help', subject: before.entries[1]!.subject, reasoning: 'nothing happened here', refs: {} }, before.entries[1]!.ts);
    const ok = installation();
    const tree = (await ok.rest.git.createTree({ owner: w.owner, repo: w.name, tree: [{ path: 'audit.jsonl', mode: '100644', type: 'blob', content: forged.text }] })).data;
    const commit = (await ok.rest.git.createCommit({ owner: w.owner, repo: w.name, message: 'rewrite\n', tree: tree.sha, parents: [] })).data;
    await ok.rest.git.updateRef({ owner: w.owner, repo: w.name, ref: 'heads/migration-audit', sha: commit.sha, force: true });

    const port = await freePort();
    child = await startProcess(port);
    w.gh.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    const id = await carol.comment(w.full, issue, '/help');
    let reply = '';
    const deadline = Date.now() + 90_000;
    while (!reply.includes('audit entry could not be written') && Date.now() < deadline) {
      await w.gh.webhooks.idle();
      const comments = (await carol.octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: issue, per_page: 100 })).data;
      reply = comments.find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
      if (!reply.includes('audit entry could not be written')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(reply).toMatch(/The audit entry could not be written: branch migration-audit of acme\/restart at [0-9a-f]{12} does not extend the audit head signed plan v1 recorded \(entry 2, hash [0-9a-f]{12}…\): seq 2 has hash [0-9a-f]{12}\.\.\., the anchored head says [0-9a-f]{12}\.\.\.: the chain was rewritten; the app stops appending/);
    const after = await chain();
    expect(after.ref).toBe(commit.sha);
    expect(after.text).toBe(forged.text);
  }, 180_000);
});

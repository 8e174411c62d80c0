// /cutover propose and /recon explain through `npm start`'s code path on the simulator, on the example
// migration repository with its plan merged (state PLANNED): the runbooks pull request with owners from the
// roles, refused to a person without the role and written once for a redelivered comment; the explanation
// of the evidence pull request's recon report as one comment kept up to date by marker, refused off an
// evidence pull request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld, launch, PLAN, settle, type AppWorld } from '../world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let issue: number;
let store: string;

beforeAll(async () => {
  w = await appWorld('rc');
  const project = JSON.parse(w.main['project.json']!) as Record<string, unknown>;
  await w.gh.people.as('carol').push(w.full, 'main', { [PLAN]: w.plan, 'project.json': `${JSON.stringify({ ...project, state: 'PLANNED' }, null, 2)}\n` }, 'Plan v1 merged and signed');
  store = mkdtempSync(join(tmpdir(), 'mc-agent-recon-'));
  app = await launch(w.gh, { MIGRATION_COPILOT_ARTIFACT_STORE: `file:${store}`, MIGRATION_COPILOT_RECONCILE_ON_START: 'false' });
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  issue = await w.gh.people.as('carol').openIssue(w.full, 'Cutover');
  await settle(w.gh, [app]);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
  if (store) rmSync(store, { recursive: true, force: true });
});

const ok = () => w.gh.people.as('carol').octokit;

async function comments(n: number) {
  return (await ok().issues.listComments({ owner: w.owner, repo: w.name, issue_number: n, per_page: 100 })).data;
}

async function comment(login: string, n: number, body: string): Promise<string> {
  const id = await w.gh.people.as(login).comment(w.full, n, body);
  await settle(w.gh, [app]);
  return (await comments(n)).find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
}

async function auditActions(): Promise<string[]> {
  const tree = (await ok().git.getTree({ owner: w.owner, repo: w.name, tree_sha: 'migration-audit' })).data.tree;
  const blob = (await ok().git.getBlob({ owner: w.owner, repo: w.name, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
  return Buffer.from(blob.content, 'base64').toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
}

function report(balance: string): string {
  return `${JSON.stringify({ tables: [{ source_table: 'main.orders', target_table: 'main.orders', missing_keys: [['7']], extra_keys: [],
    differences: { missing: 1, extra: 0, mismatched: 1 }, mismatched_rows: [{ key: ['1'], columns: [{ column: 'amount', source: '10.125', target: balance }] }] }] }, null, 2)}\n`;
}

describe('/cutover propose', () => {
  it('is refused to a writer without the role, naming the roles', async () => {
    const reply = await comment('carol', issue, '/cutover propose');
    expect(reply).toContain('/cutover propose is for release_manager or tech_lead (roles in .migration/config.yml on main); @carol holds none of them');
  });

  it('opens the runbooks pull request with owners from the roles, once for a redelivered comment', async () => {
    const reply = await comment('rita', issue, '/cutover propose');
    expect(reply).toContain('### ✅ `/cutover propose` (@rita): done');
    const pulls = (await ok().pulls.list({ owner: w.owner, repo: w.name, head: `${w.owner}:migration/cutover-v1`, state: 'all' })).data;
    expect(pulls).toHaveLength(1);
    expect(reply).toContain(`Opened #${pulls[0]!.number} with \`runbooks/cutover.md\` and \`runbooks/rollback.md\` for plan v1.`);
    const files = (await ok().pulls.listFiles({ owner: w.owner, repo: w.name, pull_number: pulls[0]!.number })).data.map((f) => f.filename).sort();
    expect(files).toEqual(['discovery/cutover.reasoning.json', 'runbooks/cutover.md', 'runbooks/rollback.md']);
    const { data } = await ok().repos.getContent({ owner: w.owner, repo: w.name, path: 'runbooks/cutover.md', ref: 'migration/cutover-v1' });
    expect(Buffer.from((data as { content: string }).content, 'base64').toString('utf8')).toContain('release_manager (@rita)');
    const before = await auditActions();
    expect(before.filter((a) => a === 'cutover.proposed')).toHaveLength(1);
    for (const d of w.gh.webhooks.deliveries.filter((x) => x.event === 'issue_comment' && !x.redelivery)) w.gh.webhooks.redeliver(d.id);
    await settle(w.gh, [app]);
    expect(await auditActions()).toEqual(before);
    expect((await ok().pulls.list({ owner: w.owner, repo: w.name, head: `${w.owner}:migration/cutover-v1`, state: 'all' })).data).toHaveLength(1);
  });
});

describe('/recon explain', () => {
  it('explains the evidence pull request\'s recon report in one comment, kept up to date', async () => {
    const carol = w.gh.people.as('carol');
    await carol.push(w.full, 'evidence/plan-v1', { 'reconciliation/v1/recon_report.json': report('10.13') }, 'Evidence of plan v1');
    const pull = await carol.openPull(w.full, { head: 'evidence/plan-v1', title: 'Evidence v1' });
    await settle(w.gh, [app]);
    const explanations = async () => (await comments(pull)).filter((c) => c.body?.includes('<!-- migration-copilot:recon-explain:v1 -->'));
    const reply = await comment('carol', pull, '/recon explain');
    expect(reply).toContain('### ✅ `/recon explain` (@carol): done');
    expect(reply).toContain('Explained `reconciliation/v1/recon_report.json`');
    const [first] = await explanations();
    expect(first!.body).toContain('precision or scale: 1 cells in amount');
    expect(first!.body).toContain('missing keys: 1');
    expect(first!.body).toMatch(/DiffExplainerAgent proposal `diff-explanation-[0-9a-f]{12}`/);
    await carol.push(w.full, 'evidence/plan-v1', { 'reconciliation/v1/recon_report.json': report('10.125 ') }, 'Evidence of plan v1, rerun');
    await settle(w.gh, [app]);
    expect(await comment('carol', pull, '/recon explain')).toContain('Updated the explanation of');
    const after = await explanations();
    expect(after.map((c) => c.id)).toEqual([first!.id]);
    expect(after[0]!.body).toContain('trailing whitespace: 1 cells in amount');
  });

  it('is refused on an issue and on a pull request that is not the runner\'s evidence', async () => {
    expect(await comment('carol', issue, '/recon explain')).toContain(`/recon explain runs on a pull request; this is issue #${issue}`);
    const [cutover] = (await ok().pulls.list({ owner: w.owner, repo: w.name, head: `${w.owner}:migration/cutover-v1` })).data;
    expect(await comment('carol', cutover!.number, '/recon explain')).toContain('/recon explain runs on the runner\'s evidence pull request (branch evidence/plan-v<N>)');
  });
});

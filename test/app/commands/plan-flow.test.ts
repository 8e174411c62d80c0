// The plan pull request driven by people's comments, through `npm start`'s code path on the simulator:
// /plan status and /plan sign on the reviewed head, a person's merge, the signed plan/v1 tag on the merge
// commit; then /advance opens the transition pull request, whose merge is audited as the state change. The
// simulator's trace proves the app never asked for a merge.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditJsonl, toAuditJsonl, verifyChain } from '../../../core/audit/index.js';
import { runCli } from '../../support/cli.js';
import { evidenceRepo, type TestKey } from '../../core/evidence/fixtures.js';
import { appWorld, launch, PLAN, settle, type AppWorld } from '../world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let keys: string;
let pull: number;
let planKey: TestKey;

beforeAll(async () => {
  keys = mkdtempSync(join(tmpdir(), 'mc-flow-keys-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(keys, 'plan.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  planKey = { id: 'plan-key', algorithm: 'ed25519', privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tags', '-f', join(keys, 'tag')], { stdio: ['ignore', 'ignore', 'pipe'] });
  w = await appWorld('flow');
  const doc = parseDocument(w.main['.migration/config.yml']!);
  doc.setIn(['signers', 'keys'], [{ id: 'plan-key', algorithm: 'ed25519', public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString() }]);
  doc.setIn(['signers', 'tag_signers'], [`migration-copilot[bot] ${readFileSync(join(keys, 'tag.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ')}`]);
  await w.gh.people.as('carol').push(w.full, 'main', { '.migration/config.yml': doc.toString() }, 'Trust the plan and tag keys');
  app = await launch(w.gh, { MIGRATION_COPILOT_PLAN_KEY: join(keys, 'plan.pem'), MIGRATION_COPILOT_TAG_KEY: join(keys, 'tag'), MIGRATION_COPILOT_ARTIFACT_STORE: `file:${join(keys, 'store')}` });
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  const carol = w.gh.people.as('carol');
  await carol.push(w.full, 'plan-v1', { [PLAN]: w.plan }, 'Plan v1');
  pull = await carol.openPull(w.full, { head: 'plan-v1', title: 'Plan v1' });
  await settle(w.gh, [app]);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
  rmSync(keys, { recursive: true, force: true });
});

async function replyTo(n: number, id: number): Promise<string> {
  const comments = (await w.gh.people.as('carol').octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: n, per_page: 100 })).data;
  return comments.find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
}

async function comment(login: string, n: number, body: string): Promise<string> {
  const id = await w.gh.people.as(login).comment(w.full, n, body);
  await settle(w.gh, [app]);
  return replyTo(n, id);
}

async function auditOf(repo: string) {
  const carol = w.gh.people.as('carol');
  const tree = (await carol.octokit.git.getTree({ owner: w.owner, repo, tree_sha: 'migration-audit' })).data.tree;
  const blob = (await carol.octokit.git.getBlob({ owner: w.owner, repo, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
  return parseAuditJsonl(Buffer.from(blob.content, 'base64').toString('utf8'), 'audit.jsonl').entries;
}
const auditEntries = () => auditOf(w.name);

describe('the plan pull request by comment commands', () => {
  it('refuses /plan sign before the approvals, naming each missing role', async () => {
    const reply = await comment('carol', pull, '/plan sign');
    expect(reply).toContain('### ⛔ `/plan sign` (@carol): refused');
    expect(reply).toMatch(/tech_lead/);
    expect(reply).toMatch(/data_owner/);
  });

  it('keeps a status comment: checks, missing approvals, steps with rows, risk', async () => {
    await w.gh.people.as('alice').review(w.full, pull, 'APPROVE');
    await settle(w.gh, [app]);
    const reply = await comment('carol', pull, '/plan status');
    expect(reply).toContain('### ✅ `/plan status` (@carol): done');
    const comments = (await w.gh.people.as('carol').octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: pull, per_page: 100 })).data;
    const status = comments.filter((c) => c.body?.includes(`<!-- migration-copilot:status:${pull} -->`));
    expect(status).toHaveLength(1);
    const body = status[0]!.body!;
    expect(body).toContain('State **PLAN_DRAFTED**');
    expect(body).toMatch(/risk \*\*medium\*\* as the policy grades it: main\.customers\.email \(pii\)/);
    expect(body).toContain('PLANNED->EXECUTED: data_owner');
    expect(body).toContain('| `copy-orders` | copy_table | main.orders | 5,000 |');
    expect(body).toContain('✅ `migration/schema` success');
  });

  it('refreshes that status comment in place when a review converges the pull request', async () => {
    const statusComments = async () => (await w.gh.people.as('carol').octokit.issues.listComments({ owner: w.owner, repo: w.name, issue_number: pull, per_page: 100 })).data
      .filter((c) => c.body?.includes(`<!-- migration-copilot:status:${pull} -->`));
    const [before] = await statusComments();
    expect(before!.body).toContain('PLANNED->EXECUTED: data_owner');
    await w.gh.people.as('dora').review(w.full, pull, 'APPROVE');
    await settle(w.gh, [app]);
    const after = await statusComments();
    expect(after.map((c) => c.id)).toEqual([before!.id]);
    expect(after[0]!.body).not.toContain('PLANNED->EXECUTED: data_owner');
    expect(after[0]!.body).toMatch(/Counted: .*@dora \(data_owner, PLANNED->EXECUTED\)/);
  });

  it('signs on the approved head, commits v1 to the branch; a person merges; the app tags plan/v1 on the merge commit', async () => {
    for (const who of ['dora', 'sam']) await w.gh.people.as(who).review(w.full, pull, 'APPROVE');
    await settle(w.gh, [app]);
    const reply = await comment('alice', pull, '/plan sign');
    expect(reply).toContain('### ✅ `/plan sign` (@alice): done');
    expect(reply).toMatch(/Signed \*\*v1\*\* of `demo-orders-plan` on the reviewed head [0-9a-f]{12}/);
    expect(reply).toContain('| @dora | data_owner | PLANNED->EXECUTED |');
    const carol = w.gh.people.as('carol');
    const files = (await carol.octokit.pulls.listFiles({ owner: w.owner, repo: w.name, pull_number: pull })).data.map((f) => f.filename).sort();
    expect(files).toEqual(['plans/migration_plan.json', 'plans/signed/v1.json', 'plans/signed/v1.sigstore.json']);
    // A second /plan sign finds the plan signed and signs nothing.
    expect(await comment('alice', pull, '/plan sign')).toContain('is already signed as v1: nothing to do');

    const merge = await w.gh.people.as('rita').merge(w.full, pull);
    await settle(w.gh, [app]);
    const ref = (await carol.octokit.git.getRef({ owner: w.owner, repo: w.name, ref: 'tags/plan/v1' })).data;
    expect(ref.object.type).toBe('tag');
    const tag = (await carol.octokit.git.getTag({ owner: w.owner, repo: w.name, tag_sha: ref.object.sha })).data;
    expect(tag.object.sha).toBe(merge);
    expect(tag.verification?.signature).toMatch(/-----BEGIN SSH SIGNATURE-----/);
    const actions = (await auditEntries()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.signed', 'plan.tagged', 'command.plan_sign']));
    expect(verifyChain(await auditEntries()).ok).toBe(true);
  }, 120_000);

  it('opens the transition pull request with /advance; its merge is audited as the state change', async () => {
    expect(await comment('carol', pull, '/advance PLANNED')).toContain('/advance is for tech_lead or release_manager');
    const reply = await comment('alice', pull, '/advance EXECUTED');
    expect(reply).toContain('from PLAN_DRAFTED the next state is PLANNED, not EXECUTED');
    const opened = await comment('alice', pull, '/advance PLANNED');
    const n = Number(/Opened #(\d+) \(PLAN_DRAFTED->PLANNED\); it needs the approval of tech_lead/.exec(opened)?.[1]);
    expect(n).toBeGreaterThan(pull);
    const carol = w.gh.people.as('carol');
    const project = (await carol.octokit.repos.getContent({ owner: w.owner, repo: w.name, path: 'project.json', ref: 'migration/advance-planned' })).data as { content: string };
    expect(JSON.parse(Buffer.from(project.content, 'base64').toString('utf8')).state).toBe('PLANNED');
    expect(await comment('alice', pull, '/advance PLANNED')).toContain(`The transition pull request is already open: #${n}`);
    await w.gh.people.as('rita').merge(w.full, n);
    await settle(w.gh, [app]);
    const changed = (await auditEntries()).filter((e) => e.action === 'state.changed');
    expect(changed.map((e) => [e.actor, e.refs.transition, e.refs.pull])).toEqual([['rita', 'PLAN_DRAFTED->PLANNED', String(n)]]);
  }, 120_000);

  it('composes the evidence pack at CUTOVER_DONE: uploaded, signed, proposed moving the state to EVIDENCE_COMPLETE; a re-run updates the same pull request', async () => {
    const { files, chain } = await evidenceRepo(planKey);
    w.gh.people.createRepo('acme/done', { files, private: true });
    const rita = w.gh.people.as('rita');
    await rita.push('acme/done', 'migration-audit', { 'audit.jsonl': toAuditJsonl(chain) }, 'the audit chain so far');
    await settle(w.gh, [app]);
    const issue = await rita.openIssue('acme/done', 'Evidence');
    // Asked twice in one comment: the second composes again over the chain the first extended.
    const id = await rita.comment('acme/done', issue, '/evidence compose\n/evidence compose');
    await settle(w.gh, [app]);
    const reply = (await rita.octokit.issues.listComments({ owner: 'acme', repo: 'done', issue_number: issue })).data
      .find((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`))?.body ?? '';
    const n = Number(/Composed `evidence\/v1\/` with a sha256 manifest over \d+ files \(manifest sha256 `[0-9a-f]{12}`\), signed as an in-toto attestation, proposed in #(\d+)\./.exec(reply)?.[1]);
    expect(n, reply).toBeGreaterThan(issue);
    expect(reply).toMatch(new RegExp(`Composed again \\(the pull request is updated\\): .* proposed in #${n}\\.`));
    const branch = 'migration/evidence-v1';
    expect((await rita.octokit.pulls.list({ owner: 'acme', repo: 'done', state: 'all', head: `acme:${branch}` })).data.map((p) => p.number)).toEqual([n]);
    const read = async (path: string, ref: string) => Buffer.from(((await rita.octokit.repos.getContent({ owner: 'acme', repo: 'done', path, ref })).data as { content: string }).content, 'base64');
    expect(JSON.parse((await read('project.json', branch)).toString()).state).toBe('EVIDENCE_COMPLETE');
    // The pack as the pull request holds it verifies offline, against the base branch's signers.
    const dir = join(keys, 'done');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const tree = (await rita.octokit.git.getTree({ owner: 'acme', repo: 'done', tree_sha: branch, recursive: '1' })).data.tree;
    for (const t of tree.filter((e) => e.type === 'blob' && e.path!.startsWith('evidence/v1/'))) {
      mkdirSync(dirname(join(dir, t.path!)), { recursive: true });
      writeFileSync(join(dir, t.path!), await read(t.path!, branch));
    }
    const verified = await runCli(['verify', '--evidence', join(dir, 'evidence/v1')], { cwd: dir });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // Uploaded: the manifest in the store is the one in the pull request; its URI is in the body and the audit chain.
    const manifest = await read('evidence/v1/sha256_manifest.json', branch);
    const body = (await rita.octokit.pulls.get({ owner: 'acme', repo: 'done', pull_number: n })).data.body ?? '';
    const uri = /- manifest: `([^`]+)`/.exec(body)![1]!;
    expect(readFileSync(new URL(uri))).toEqual(manifest);
    const audit = (await auditOf('done')).filter((e) => e.action === 'evidence.composed');
    expect(audit.map((e) => [e.actor, e.refs.pull])).toEqual([['rita', String(n)], ['rita', String(n)]]);
    expect(audit.at(-1)!.refs.manifest_uri).toBe(uri);

    await rita.merge('acme/done', n);
    await settle(w.gh, [app]);
    expect(JSON.parse((await read('project.json', 'main')).toString()).state).toBe('EVIDENCE_COMPLETE');
    expect(await comment('carol', pull, '/evidence compose')).toContain('/evidence compose runs in state CUTOVER_DONE or EVIDENCE_COMPLETE; the project is in PLANNED');
  }, 120_000);

  it('never asked GitHub for a merge: only people did', () => {
    const merges = w.gh.requests.filter((r) => r.method !== 'GET' && /\/pulls\/\d+\/merge$|\/merges$/.test(r.path));
    expect(merges.length).toBe(3);
    expect(merges.every((r) => !String(r.actor).startsWith('app:'))).toBe(true);
    expect(w.gh.requests.filter((r) => String(r.actor).startsWith('app:')).length).toBeGreaterThan(20);
  });
});

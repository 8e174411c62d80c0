// The lifecycle end to end, with the unhappy paths a team meets, on one migration repository: the simulator
// over real HTTP, the app started as `npm start` starts it, real git and signatures, and the runner workflow
// template run by the simulator on the plan tag's push. Everything is asserted as a person reads it through
// the REST API (check runs, comments, refs, the audit branch). The `it`s run in order and share the world.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, BRANCH, FULL_NAME, NAME, OWNER, PEOPLE, PLAN_TAG } from '../../cli/demo/context.js';
import { commentAs } from '../../cli/demo/steps/comment.js';
import { cloneRepository } from '../../cli/demo/steps/keep.js';
import { mergeAndTag } from '../../cli/demo/steps/merge.js';
import { approve, mergeAs } from '../../cli/demo/steps/people.js';
import { openPlanPull } from '../../cli/demo/steps/pull-request.js';
import { endState } from '../app/scenario.js';
import { duckRows, run, start } from '../runner/execute/support.js';
import { runCli } from '../support/cli.js';
import { duckExec } from '../../cli/demo/source/duckdb.js';
import { startE2eWorld, type E2eWorld } from './support/world.js';

let w: E2eWorld;
const where = { owner: OWNER, repo: NAME };
const carol = () => w.gh.people.as(PEOPLE.author).octokit;
const SIGNERS = [{ user: 'alice', as: 'tech_lead' }, { user: 'dora', as: 'data_owner' }, { user: 'sam', as: 'security' }];

async function head(pull: number): Promise<string> {
  return (await carol().pulls.get({ ...where, pull_number: pull })).data.head.sha;
}

async function check(sha: string, name: string): Promise<{ conclusion: string | null; summary: string }> {
  const runs = (await carol().checks.listForRef({ ...where, ref: sha, check_name: name, filter: 'latest' })).data.check_runs;
  expect(runs).toHaveLength(1);
  return { conclusion: runs[0]!.conclusion, summary: `${runs[0]!.output.title ?? ''}\n${runs[0]!.output.summary ?? ''}` };
}

async function fileAt(ref: string, path: string): Promise<string | undefined> {
  try {
    const data = (await carol().repos.getContent({ ...where, path, ref })).data;
    return 'content' in data ? Buffer.from(data.content, 'base64').toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

async function auditEntries(): Promise<string[]> {
  return (await fileAt('migration-audit', 'audit.jsonl') ?? '').split('\n').filter(Boolean);
}

/** A person's commit on `branch` through the contents API (what the web editor does). */
async function commitFile(login: string, branch: string, path: string, content: string): Promise<void> {
  const ok = w.gh.people.as(login).octokit;
  const old = await ok.repos.getContent({ ...where, path, ref: branch }).then((r) => ('sha' in r.data ? r.data.sha : undefined), () => undefined);
  await ok.repos.createOrUpdateFileContents({ ...where, path, branch, message: `Edit ${path}`, content: Buffer.from(content).toString('base64'), ...(old ? { sha: old } : {}) });
}

async function sumOf(file: string, table: string): Promise<unknown> {
  return (await duckRows(file, `SELECT count(*)::VARCHAR AS n, md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) AS h FROM ${table} t`))[0];
}

beforeAll(async () => {
  w = await startE2eWorld();
  await openPlanPull(w.ctx, w.plan);
}, 120_000);

afterAll(async () => {
  await w?.close();
});

describe('the lifecycle of one migration, with what goes wrong', () => {
  it('a reviewer outside the role approves: migration/approvals stays failing and names the missing roles', async () => {
    await w.gh.people.as('bo').review(FULL_NAME, w.ctx.pull!, 'APPROVE');
    await w.ctx.settle();
    const approvals = await check(await head(w.ctx.pull!), 'migration/approvals');
    expect(approvals.conclusion).toBe('failure');
    for (const role of ['tech_lead', 'data_owner', 'security']) expect(approvals.summary).toContain(role);
  }, 60_000);

  it('a push makes the approvals stale: they no longer count', async () => {
    await approve(w.ctx, w.ctx.pull!, SIGNERS);
    const before = await head(w.ctx.pull!);
    expect((await check(before, 'migration/approvals')).conclusion).toBe('success');
    await commitFile(PEOPLE.author, BRANCH, 'notes/plan-v1.md', 'Chunks of 100 rows for the first run.\n');
    await w.ctx.settle();
    const after = await head(w.ctx.pull!);
    expect(after).not.toBe(before);
    const approvals = await check(after, 'migration/approvals');
    expect(approvals.conclusion).toBe('failure');
    expect(approvals.summary).toContain('tech_lead');
  }, 60_000);

  it('/plan sign with a failing check is refused with the reason, and nothing is committed', async () => {
    const before = await head(w.ctx.pull!);
    const { reply, done } = await commentAs(w.ctx, PEOPLE.signer, '/plan sign');
    expect(done).toBe(false);
    expect(reply).toContain('does not meet the base branch\'s rules');
    expect(reply).toContain('role tech_lead is missing');
    expect(reply).toMatch(/stale: reviewed [0-9a-f]{7}/);
    expect(await head(w.ctx.pull!)).toBe(before);
    expect(await fileAt(BRANCH, 'plans/signed/v1.json')).toBeUndefined();
  }, 60_000);

  it('a pull request that edits its own roles is judged by the base branch\'s roles', async () => {
    const base = await head(w.ctx.pull!);
    await carol().git.createRef({ ...where, ref: 'refs/heads/rules-edit', sha: base });
    const config = (await fileAt(BRANCH, '.migration/config.yml'))!;
    const edited = config.replace(/tech_lead: \{[^}]*\}/, 'tech_lead: { users: [bo] }').replace(/data_owner: \{[^}]*\}/, 'data_owner: { users: [quinn] }')
      .replace(/security: \{[^}]*\}/, 'security: { users: [rita] }');
    expect(edited).not.toBe(config);
    await commitFile(PEOPLE.author, 'rules-edit', '.migration/config.yml', edited);
    const pull = await w.gh.people.as(PEOPLE.author).openPull(FULL_NAME, { head: 'rules-edit', title: 'Plan v1, with our own reviewers' });
    for (const login of ['bo', 'quinn', 'rita']) await w.gh.people.as(login).review(FULL_NAME, pull, 'APPROVE');
    await w.ctx.settle();
    const approvals = await check(await head(pull), 'migration/approvals');
    expect(approvals.conclusion).toBe('failure');
    for (const role of ['tech_lead', 'data_owner', 'security']) expect(approvals.summary).toContain(role);
    await carol().pulls.update({ ...where, pull_number: pull, state: 'closed' });
    await w.ctx.settle();
  }, 60_000);

  it('a correct sign and a person\'s merge: plan/v1 starts the runner workflow; a tampered copy is refused and writes nothing', async () => {
    await approve(w.ctx, w.ctx.pull!, SIGNERS);
    const { done } = await commentAs(w.ctx, PEOPLE.signer, '/plan sign');
    expect(done).toBe(true);
    expect(await fileAt(BRANCH, 'plans/signed/v1.json')).toBeDefined();
    await mergeAndTag(w.ctx); // throws unless plan/v1 points at the merge and every workflow run on it succeeded
    const runs = w.gh.actions.runs.filter((r) => r.ref === `refs/tags/${PLAN_TAG}`);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.conclusion === 'success')).toBe(true);
    expect((await sumOf(w.targetFile, 'main.orders'))).toEqual(await sumOf(w.sourceFile, 'main.orders'));

    const repo = await cloneRepository(w.ctx);
    const tampered = join(w.work, 'tampered');
    await cp(repo, tampered, { recursive: true });
    await simpleGit(tampered).checkout(['--quiet', PLAN_TAG]);
    const planFile = join(tampered, 'plans/migration_plan.json');
    await writeFile(planFile, (await readFile(planFile, 'utf8')).replace(/\n?$/, ' \n'));
    const fresh = join(w.work, 'tampered-target.duckdb');
    const res = await runCli(['execute', '--repo', tampered, '--tag', PLAN_TAG], {
      cwd: tampered, env: { SOURCE_URL: `duckdb:${w.sourceFile}`, TARGET_URL: `duckdb:${fresh}`, PATH: process.env.PATH },
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr + res.stdout).toMatch(/plan/i);
    expect(existsSync(fresh)).toBe(false);
  }, 240_000);

  it('a runner killed mid-run and resumed: the target equals the source', async () => {
    const repo = join(w.work, 'repo'); // cloned by the previous test
    expect(existsSync(repo)).toBe(true);
    const checkout = join(w.work, 'resume');
    await cp(repo, checkout, { recursive: true });
    await simpleGit(checkout).checkout(['--quiet', PLAN_TAG]);
    const target = join(w.work, 'resume-target.duckdb');
    const env = { SOURCE_URL: `duckdb:${w.sourceFile}`, TARGET_URL: `duckdb:${target}` };
    // Its own artifact store: the workflow run's checkpoints of plan/v1 are in the repository's.
    const store = ['--artifact-store', `file:${join(w.work, 'resume-artifacts')}`];
    const p = start(['execute', '--repo', checkout, '--tag', PLAN_TAG, ...store], env);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if ((p.stderrSoFar().match(/"msg":"progress"/g) ?? []).length >= 1) { clearInterval(timer); p.child.kill('SIGKILL'); resolve(); }
      }, 5);
      void p.done.then(() => { clearInterval(timer); resolve(); });
    });
    const killed = await p.done;
    expect(killed.signal, `exit ${String(killed.code)}: ${killed.stderr.slice(-1500)}`).toBe('SIGKILL');
    const resumed = await run(['execute', '--repo', checkout, '--tag', PLAN_TAG, '--resume', ...store], env);
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    for (const t of ['main.customers', 'main.orders']) expect(await sumOf(target, t)).toEqual(await sumOf(w.sourceFile, t));
  }, 120_000);

  it('a recon beyond tolerance: /recon explain explains it, and /advance RECONCILED is refused naming the report', async () => {
    const evidence = (await carol().pulls.list({ ...where, head: `${OWNER}:evidence/plan-v1`, state: 'open' })).data;
    expect(evidence).toHaveLength(1);
    const pull = evidence[0]!.number;
    // The target drifts after the load (one amount changed); recon, run again against it, finds the row.
    const target = join(w.work, 'resume-target.duckdb');
    await duckExec(target, ['UPDATE main.orders SET amount = amount + 1 WHERE order_id = 7']);
    const out = join(w.work, 'drift-recon_report.json');
    const recon = await runCli(['recon', '--source', `duckdb:${w.sourceFile}`, '--target', `duckdb:${target}`, '--table', 'main.orders', '--key', 'order_id', '--out', out], {
      cwd: join(w.work, 'resume'), env: { PATH: process.env.PATH },
    });
    expect(recon.code, recon.stderr).toBe(1);
    const report = await readFile(out, 'utf8');
    expect((JSON.parse(report) as { summary: { status: string } }).summary.status).toBe('fail');
    // Published where the runner publishes its reports: the evidence pull request's branch.
    await commitFile(PEOPLE.releaseManager, 'evidence/plan-v1', 'reconciliation/v1/recon_report.json', report);
    await w.ctx.settle();

    const explained = await commentAs(w.ctx, PEOPLE.techLead, '/recon explain', 12, pull);
    expect(explained.done).toBe(true);
    const comments = await carol().paginate(carol().issues.listComments, { ...where, issue_number: pull, per_page: 100 });
    const explanation = comments.filter((c) => c.user?.login === BOT && c.body?.includes('<!-- migration-copilot:recon-explain:v1 -->'));
    expect(explanation).toHaveLength(1);
    expect(explanation[0]!.body).toMatch(/main\.orders/);

    await approve(w.ctx, pull, [{ user: 'dora', as: 'data_owner' }, { user: 'sam', as: 'security' }, { user: 'alice', as: 'code owner' }]);
    await mergeAs(w.ctx, PEOPLE.releaseManager, pull, 'EXECUTED');
    const refused = await commentAs(w.ctx, PEOPLE.techLead, '/advance RECONCILED', 12, w.ctx.issue!);
    expect(refused.done).toBe(false);
    expect(refused.reply).toContain('reconciliation/v1/recon_report.json');
    expect(refused.reply).toContain('beyond tolerance');
    const open = (await carol().pulls.list({ ...where, state: 'open' })).data;
    expect(open.filter((p) => /RECONCILED/.test(p.title))).toEqual([]);
  }, 180_000);

  it('every recorded webhook redelivered in reverse order, then all again concurrently: nothing duplicated', async () => {
    const first = await endState(w.gh, FULL_NAME);
    const audit = await auditEntries();
    const tags = (await carol().git.listMatchingRefs({ ...where, ref: 'tags/' })).data.map((r) => `${r.ref} ${r.object.sha}`);
    expect(audit.length).toBeGreaterThan(0);
    expect(tags).toHaveLength(1);
    const recorded = w.gh.webhooks.deliveries.filter((d) => !d.redelivery);
    for (const d of [...recorded].reverse()) w.gh.webhooks.redeliver(d.id);
    await w.ctx.settle();
    expect(await endState(w.gh, FULL_NAME)).toEqual(first);
    expect(await auditEntries()).toEqual(audit);

    w.gh.webhooks.options = { mode: 'concurrent' };
    for (const d of recorded) w.gh.webhooks.redeliver(d.id);
    await w.ctx.settle();
    expect(w.gh.webhooks.deliveries.filter((d) => d.redelivery).every((d) => d.statusCode === 200)).toBe(true);
    expect(await endState(w.gh, FULL_NAME)).toEqual(first);
    expect(await auditEntries()).toEqual(audit);
    expect((await carol().git.listMatchingRefs({ ...where, ref: 'tags/' })).data.map((r) => `${r.ref} ${r.object.sha}`)).toEqual(tags);
    expect(w.gh.requests.filter((r) => r.actor?.startsWith('app:') && r.operationId === 'pulls/merge')).toEqual([]);
  }, 180_000);
});

// The agents' comment commands through `npm start`'s code path on the simulator, in the order a team uses
// them on a fresh repository: /migrate init opens the project pull request; once merged, /discover runs
// the repository's discover workflow for real (read-only, with the SOURCE_URL secret, against a DuckDB
// file), whose push of the raw catalog makes the app open the discovery pull request; once merged, /plan
// propose opens the plan pull request, and a second proposal after a view is dropped deletes its stale
// model. Refusals: wrong state, wrong role; a redelivered comment does nothing twice.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld, launch, type AppWorld } from '../world.js';

let w: AppWorld;
let app: Awaited<ReturnType<typeof launch>>;
let dir: string;
const REPO = 'fresh';
const FULL = `acme/${REPO}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-agent-cmd-'));
  w = await appWorld('cmds');
  app = await launch(w.gh, { MIGRATION_COPILOT_ARTIFACT_STORE: `file:${join(dir, 'store')}`, MIGRATION_COPILOT_RECONCILE_ON_START: 'false' });
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  w.gh.people.createRepo(FULL, { files: { 'README.md': '# shop migration\n' }, private: true });
  const db = await DuckDBInstance.create(join(dir, 'shop.duckdb'));
  const c = await db.connect();
  await c.run(`CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR, balance DECIMAL(12,2));
    INSERT INTO customers SELECT i, 'user' || i || '@example.com', i * 1.25 FROM range(1, 51) t(i);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total DECIMAL(12,2));
    INSERT INTO orders SELECT i, 1 + i % 50, i * 2.5 FROM range(1, 201) t(i);
    CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;`);
  c.closeSync();
  db.closeSync();
  // The CI workflow /migrate init installs judges pull requests (its own tests cover it); here it is a no-op.
  w.gh.actions.register('migration-ci.yml', async () => 'success');
  w.gh.actions.setSecret(FULL, 'SOURCE_URL', `duckdb:${join(dir, 'shop.duckdb')}`);
  await settle();
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await w?.gh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Deliveries, workflow runs and the app's queue, until all are quiet twice in a row. */
async function settle(): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const before = w.gh.webhooks.deliveries.length;
    await w.gh.webhooks.idle();
    await w.gh.actions.idle();
    await app.idle();
    await new Promise((r) => setTimeout(r, 20));
    quiet = w.gh.webhooks.deliveries.length === before ? quiet + 1 : 0;
  }
}

const ok = () => w.gh.people.as('carol').octokit;

async function comment(login: string, n: number, body: string): Promise<{ id: number; reply: string }> {
  const id = await w.gh.people.as(login).comment(FULL, n, body);
  await settle();
  const comments = (await ok().issues.listComments({ owner: 'acme', repo: REPO, issue_number: n, per_page: 100 })).data;
  const replies = comments.filter((c) => c.body?.includes(`<!-- migration-copilot:command:${id} -->`));
  expect(replies.length).toBeLessThanOrEqual(1);
  return { id, reply: replies[0]?.body ?? '' };
}

async function fileAt(ref: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await ok().repos.getContent({ owner: 'acme', repo: REPO, path, ref });
    return Buffer.from((data as { content: string }).content, 'base64').toString('utf8');
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

async function pullsOf(branch: string) {
  return (await ok().pulls.list({ owner: 'acme', repo: REPO, state: 'all', head: `acme:${branch}`, per_page: 100 })).data;
}

async function auditActions(): Promise<string[]> {
  const tree = (await ok().git.getTree({ owner: 'acme', repo: REPO, tree_sha: 'migration-audit' })).data.tree;
  const blob = (await ok().git.getBlob({ owner: 'acme', repo: REPO, file_sha: tree.find((t) => t.path === 'audit.jsonl')!.sha! })).data;
  return Buffer.from(blob.content, 'base64').toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
}

let issue: number;

describe('/migrate init', () => {
  it('opens the project pull request with what init writes, the archetype for the engines and the scope', async () => {
    issue = await w.gh.people.as('carol').openIssue(FULL, 'Migrate the shop');
    const { reply } = await comment('carol', issue, '/migrate init source=duckdb target=duckdb scope=main.*');
    expect(reply).toContain('### ✅ `/migrate init source=duckdb target=duckdb scope=main.*` (@carol): done');
    const [pr] = await pullsOf('migration/init');
    expect(reply).toContain(`Opened #${pr!.number} with project \`fresh\` (duckdb-duckdb, scope main.*)`);
    const project = JSON.parse((await fileAt('migration/init', 'project.json'))!) as Record<string, unknown>;
    expect(project).toMatchObject({ project_id: 'fresh', archetype_id: 'duckdb-duckdb', scope: ['main.*'], state: 'CREATED' });
    expect(await fileAt('migration/init', '.migration/config.yml')).toContain('url: "env:SOURCE_URL"');
    expect(await fileAt('migration/init', '.github/workflows/migration-runner.yml')).toContain('plan/v*');
    expect(await fileAt('migration/init', '.gitignore')).not.toContain('raw');
    // No project on the base yet: the proposal is audited under the id it proposes; the dispatcher's entry needs a project.
    expect(await auditActions()).toEqual(['project.proposed']);
  });

  it('does nothing twice for a redelivered comment, and refuses a bad engine with the usage', async () => {
    const before = await auditActions();
    for (const d of w.gh.webhooks.deliveries.filter((x) => x.event === 'issue_comment' && !x.redelivery)) w.gh.webhooks.redeliver(d.id);
    await settle();
    expect(await pullsOf('migration/init')).toHaveLength(1);
    expect(await auditActions()).toEqual(before);
    const { reply } = await comment('carol', issue, '/migrate init source=oracle target=duckdb');
    expect(reply).toContain('<source=ENGINE> of /migrate init must be the source engine: source=postgres|mysql|mariadb|hive|parquet|redshift|snowflake|duckdb, not "source=oracle"');
  });

  it('refuses once the project exists', async () => {
    const [pr] = await pullsOf('migration/init');
    await w.gh.people.as('carol').merge(FULL, pr!.number);
    await settle();
    const { reply } = await comment('carol', issue, '/migrate init source=postgres target=duckdb');
    expect(reply).toContain('### ⛔ `/migrate init source=postgres target=duckdb` (@carol): refused');
    expect(reply).toContain('acme/fresh holds a migration project already (project.json on main, state CREATED)');
  });
});

describe('/discover', () => {
  it('refuses a writer who holds none of its roles, naming them', async () => {
    const { reply } = await comment('carol', issue, '/discover');
    expect(reply).toContain('/discover is for tech_lead or data_owner (roles in .migration/config.yml on main); @carol holds none of them');
  });

  it('runs the read-only discover workflow, whose push of the raw files makes the app open the discovery pull request', { timeout: 120_000 }, async () => {
    const doc = parseDocument((await fileAt('main', '.migration/config.yml'))!);
    doc.setIn(['roles', 'tech_lead', 'users'], ['alice']);
    doc.setIn(['roles', 'data_owner', 'users'], ['dora']);
    await w.gh.people.as('carol').push(FULL, 'main', { '.migration/config.yml': doc.toString() }, 'Fill the roles');
    await settle();
    const { reply } = await comment('alice', issue, '/discover');
    expect(reply).toContain('### ✅ `/discover` (@alice): done');
    const run = w.gh.actions.runs.find((r) => r.workflowPath.endsWith('migration-discover.yml'));
    expect(run?.conclusion, run ? w.gh.actions.log(run.id) : 'no run').toBe('success');
    const [pr] = await pullsOf('migration/discovery');
    expect(pr?.state).toBe('open');
    const report = JSON.parse((await fileAt('migration/discovery', 'discovery/discovery_report.json'))!) as { objects?: unknown };
    expect(JSON.stringify(report)).toContain('big_orders');
    expect(await fileAt('migration/discovery', '.migration/raw/source_catalog.json')).toContain('"customers"');
    expect(await fileAt('migration/discovery', '.migration/raw/source_profile.json')).not.toContain('user1@example.com');
    expect(await fileAt('migration/discovery', 'discovery/discovery.reasoning.json')).toContain('DiscoveryAgent');
    expect(JSON.parse((await fileAt('migration/discovery', 'project.json'))!)).toMatchObject({ state: 'DISCOVERED' });
    // Each agent's proposal is stored by sha256 in the app's artifact store before the pull request.
    const stored = readdirSync(join(dir, 'store', 'acme', REPO, 'proposals'));
    expect(stored.some((p) => p.startsWith('discovery-')) && stored.some((p) => p.startsWith('profiling-'))).toBe(true);
    // The workflow's branch had no pull request: the app starts it again from main with the raw files and the
    // reports in one commit, and its own push back to the branch finds everything current (no second commit).
    const commits = (await ok().pulls.listCommits({ owner: 'acme', repo: REPO, pull_number: pr!.number })).data;
    expect(commits.map((x) => x.commit.message.split('\n')[0])).toEqual(['Discovery of the duckdb source']);
  });
});

describe('/plan propose', () => {
  it('is refused before the discovery is merged, naming the states it runs in', async () => {
    const { reply } = await comment('alice', issue, '/plan propose');
    expect(reply).toContain('### ⛔ `/plan propose` (@alice): refused');
    expect(reply).toContain('/plan propose runs in state DISCOVERED or PLAN_DRAFTED or PLANNED');
    expect(reply).toContain('the project is in CREATED (project.json on main)');
  });

  it('opens the plan pull request from the merged discovery, and deletes the model of a view dropped since', { timeout: 120_000 }, async () => {
    const [discovery] = await pullsOf('migration/discovery');
    await w.gh.people.as('carol').merge(FULL, discovery!.number);
    await settle();
    const first = await comment('dora', issue, '/plan propose');
    expect(first.reply).toContain('### ✅ `/plan propose` (@dora): done');
    const [pr] = await pullsOf('migration/plan-v1');
    expect(first.reply).toContain(`Opened #${pr!.number} with plan v1`);
    const files = (await ok().pulls.listFiles({ owner: 'acme', repo: REPO, pull_number: pr!.number, per_page: 100 })).data.map((f) => f.filename);
    expect(files).toEqual(expect.arrayContaining(['contracts/schema_mapping.yml', 'plans/migration_plan.json', 'runbooks/cutover.md', 'project.json']));
    const viewModel = files.find((f) => f.startsWith('models/') && !f.startsWith('models/dbt/') && f.includes('big_orders'));
    expect(viewModel).toBeDefined();
    const dbtModel = files.find((f) => f.startsWith('models/dbt/models/') && f.includes('big_orders'));
    expect(dbtModel).toBeDefined();
    expect(JSON.parse((await fileAt('migration/plan-v1', 'project.json'))!)).toMatchObject({ state: 'PLAN_DRAFTED' });

    // The view is dropped at the source; the catalog on main no longer has it.
    const catalog = JSON.parse((await fileAt('main', '.migration/raw/source_catalog.json'))!) as { relations: { name: string }[] };
    catalog.relations = catalog.relations.filter((r) => r.name !== 'big_orders');
    await w.gh.people.as('carol').push(FULL, 'main', { '.migration/raw/source_catalog.json': `${JSON.stringify(catalog, null, 2)}\n` }, 'big_orders was dropped');
    await settle();
    const second = await comment('dora', issue, '/plan propose');
    expect(second.reply).toContain(`Updated #${pr!.number} with plan v1`);
    expect(second.reply).toMatch(/stale file\(s\) deleted \(/);
    expect(second.reply).toContain(`\`${viewModel}\``);
    expect(second.reply).toContain(`\`${dbtModel}\``);
    expect(await fileAt('migration/plan-v1', viewModel!)).toBeUndefined();
    expect(await pullsOf('migration/plan-v1')).toHaveLength(1);
  });
});

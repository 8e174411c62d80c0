// The agents' comment commands through `npm start`'s code path on the simulator, in the order a team uses
// them on a fresh repository: /migrate init opens the project pull request; once merged, /discover runs
// the repository's discover workflow for real (read-only, with the SOURCE_URL secret, against a DuckDB
// file), whose push of the raw catalog makes the app open the discovery pull request; once merged, /plan
// propose opens the plan pull request, and a second proposal after a view is dropped deletes its stale
// model. Refusals: wrong state, wrong role; a redelivered comment does nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  app = await launch(w.gh);
  w.gh.setWebhookUrl(`${app.url}/api/github/webhooks`);
  w.gh.people.installApp('acme');
  w.gh.people.createRepo(FULL, { files: { 'README.md': '# shop migration\n' }, private: true });
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

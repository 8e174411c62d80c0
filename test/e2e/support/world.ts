// The end-to-end world, built once per file: the simulator over real HTTP, the demo's people and repository
// (examples/demo-migration at PLAN_DRAFTED, the runner workflow template on main, the app's fresh keys), a
// small DuckDB source with the columns the example's discovery describes, the repository's SOURCE_URL and
// TARGET_URL Actions secrets, and the app started as `npm start` starts it (cli/demo/app.ts startDemoApp).
// The demo's own steps (cli/demo/steps/) are the people's acts; this file only sizes the source and the
// plan for a test (a few hundred rows, chunks of 100 so every copy is multi-chunk).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { settle, startDemoApp, type DemoApp } from '../../../cli/demo/app.js';
import { FULL_NAME, NAME, OWNER, PEOPLE, type DemoContext } from '../../../cli/demo/context.js';
import { makeKeys } from '../../../cli/demo/keys.js';
import { duckExec, mainSchemaSql } from '../../../cli/demo/source/duckdb.js';
import { Timeline } from '../../../cli/demo/timeline.js';
import { buildWorld } from '../../../cli/demo/world.js';
import { startPlayground, type Playground } from '../../../playground/index.js';

export const CUSTOMERS = 120;
export const ORDERS = 480;
/** Rows per chunk the test's plan asks for: every copy step is several chunks. */
export const CHUNK_ROWS = 100;

/** main.customers and main.orders as the demo builds them (cli/demo/source), small. */
const SOURCE_SQL = mainSchemaSql(CUSTOMERS, ORDERS);

/** The example's plan with every copy step in chunks of CHUNK_ROWS. */
export function smallPlan(plan: string): string {
  const doc = JSON.parse(plan) as { steps: { kind: string; params?: Record<string, unknown> }[] };
  for (const s of doc.steps) if (s.kind === 'copy_table') s.params = { ...s.params, batch_rows: CHUNK_ROWS };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export interface E2eWorld {
  readonly gh: Playground;
  readonly running: DemoApp;
  readonly ctx: DemoContext;
  readonly plan: string;
  readonly sourceFile: string;
  readonly targetFile: string;
  readonly work: string;
  close(): Promise<void>;
}

export async function startE2eWorld(): Promise<E2eWorld> {
  const work = await mkdtemp(join(tmpdir(), 'mc-e2e-'));
  const gh = await startPlayground();
  let running: DemoApp | undefined;
  const close = async () => {
    await running?.app.stop().catch(() => undefined);
    await gh.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const keys = await makeKeys(work);
    const sourceFile = join(work, 'source.duckdb');
    const targetFile = join(work, 'target.duckdb');
    await duckExec(sourceFile, SOURCE_SQL);
    const world = await buildWorld(gh, keys, join(work, 'artifacts'), true);
    gh.actions.setSecret(FULL_NAME, 'SOURCE_URL', `duckdb:${sourceFile}`);
    gh.actions.setSecret(FULL_NAME, 'TARGET_URL', `duckdb:${targetFile}`);
    running = await startDemoApp(gh, work, keys);
    const app = running.app;
    gh.setWebhookUrl(`${running.url}/api/github/webhooks`);
    gh.people.installApp(OWNER);
    const quiet = new PassThrough();
    quiet.resume();
    const ctx: DemoContext = {
      io: { stdout: quiet, stderr: quiet, env: {}, cwd: work, interactive: false }, out: () => undefined, work, gh, keys, app,
      source: { engine: 'duckdb', url: `duckdb:${sourceFile}`, location: sourceFile, summary: [], drop: async () => undefined },
      timeline: new Timeline(), cloneUrl: `${gh.gitUrl}/${FULL_NAME}.git`, settle: () => settle(gh, app),
    };
    ctx.issue = (await gh.people.as(PEOPLE.author).octokit.issues.create({ owner: OWNER, repo: NAME, title: 'Migrate orders and customers' })).data.number;
    await ctx.settle();
    return { gh, running, ctx, plan: smallPlan(world.plan), sourceFile, targetFile, work, close };
  } catch (e) {
    await close();
    throw e;
  }
}

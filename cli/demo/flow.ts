// The demo: the whole lifecycle of one migration as a scenario of people only, on a fresh simulator, with
// the app started the way `npm start` starts it and the runner's workflow run by the simulator for real.
// Before people act, the repository admin builds the source (cli/demo/source/) and stores SOURCE_URL and
// TARGET_URL as the repository's Actions secrets. Then people push, open pull requests, review, comment
// commands and merge through the simulator's REST API and git; the check runs, signatures, tags, transition
// and evidence pull requests are the app's and the runner's answers. Each step is named when it fails (a "no"
// exits 1, bad input 2, a broken system 3); the app, the simulator and the source database are stopped or
// dropped however it ends (the database is kept with --dir).
import { join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { startPlayground, type Playground } from '../../playground/index.js';
import type { CommandIO } from '../command.js';
import { settle, startDemoApp, type DemoApp } from './app.js';
import { FULL_NAME, NAME, OWNER, PEOPLE, PLAN_TAG, ROLE_USERS, VERSION, type DemoContext } from './context.js';
import { makeKeys } from './keys.js';
import { watchWorkflows } from './progress.js';
import { buildSource, type BuiltSource, type SourceEngine } from './source/index.js';
import { asStepError } from './step-error.js';
import { advance } from './steps/advance.js';
import { verifyAudit } from './steps/audit.js';
import { composePack, verifyPack } from './steps/evidence-pack.js';
import { evidencePull } from './steps/evidence-pull.js';
import { cloneRepository } from './steps/keep.js';
import { mergeAndTag } from './steps/merge.js';
import { discover, migrateInit, proposePlan, signPlan } from './steps/project.js';
import { refuseTampered } from './steps/tamper.js';
import { renderTimeline, Timeline } from './timeline.js';
import { buildWorld } from './world.js';

export interface DemoOptions {
  readonly source: SourceEngine;
  /** --dir given: keep everything, the PostgreSQL source database included. */
  readonly keep: boolean;
}

interface Step {
  readonly title: string;
  readonly run: () => Promise<unknown>;
}

export interface DemoWorld {
  readonly tagSigners: readonly string[];
  readonly gh: Playground;
  readonly running: DemoApp;
  readonly source: BuiltSource;
  readonly ctx: DemoContext;
  readonly plan: string;
  close(): Promise<void>;
}

/**
 * The demo's world, ready for people to act: the simulator, fresh keys, the source built and its secrets set
 * by the admin, organisation, people and repository, the app started and installed, and the migration's issue
 * opened by carol. Reusable by end-to-end tests; close() stops everything (and drops the source unless kept).
 */
export async function startDemoWorld(io: CommandIO, work: string, options: DemoOptions): Promise<DemoWorld> {
  const out = (s = '') => io.stdout.write(`${s}\n`);
  const gh = await startPlayground({ env: io.env, ...(io.env.MIGRATION_COPILOT_SIM_TRACE ? { trace: io.env.MIGRATION_COPILOT_SIM_TRACE } : {}) })
    .catch((e: unknown) => { throw asStepError('[0] start the simulator', e); });
  let running: DemoApp | undefined;
  let source: BuiltSource | undefined;
  const close = async () => {
    await running?.app.stop().catch(() => undefined);
    await gh.close();
    await source?.drop();
  };
  try {
    const keys = await makeKeys(work).catch((e: unknown) => { throw asStepError('[0] the fresh keys', e); });
    source = await buildSource(options.source, work, io.env, options.keep).catch((e: unknown) => { throw asStepError('[0] the source (the admin\'s part)', e); });
    const world = await buildWorld(gh, keys, join(work, 'artifacts'), false).catch((e: unknown) => { throw asStepError('[0] the world', e); });
    gh.actions.setSecret(FULL_NAME, 'SOURCE_URL', source.url);
    gh.actions.setSecret(FULL_NAME, 'TARGET_URL', `duckdb:${join(work, 'target.duckdb')}`);
    running = await startDemoApp(gh, work, keys).catch((e: unknown) => { throw asStepError('[0] start the app', e); });
    const { app } = running;
    gh.setWebhookUrl(`${running.url}/api/github/webhooks`);
    gh.people.installApp(OWNER);
    const ctx: DemoContext = {
      io, out, work, gh, keys, app, source, timeline: new Timeline(), cloneUrl: `${gh.gitUrl}/${FULL_NAME}.git`, settle: () => settle(gh, app),
    };
    const issue = (await gh.people.as(PEOPLE.author).octokit.issues.create({
      owner: OWNER, repo: NAME, title: 'Migrate orders and customers', body: 'The migration of the orders database; commands go here.',
    })).data.number;
    ctx.issue = issue;
    ctx.timeline.add(PEOPLE.author, `opened issue #${issue} "Migrate orders and customers"`);
    return { tagSigners: world.tagSigners, gh, running, source, ctx, plan: world.plan, close };
  } catch (e) {
    await close();
    throw e;
  }
}

function header(w: DemoWorld, work: string): void {
  const { ctx, running, gh, source } = w;
  const out = ctx.out;
  out(`migration-copilot demo: the whole lifecycle of a migration (${source.engine} -> DuckDB) on a local GitHub, people only`);
  out(`work folder: ${work}`);
  out(`simulator at ${gh.url}; the app listens at ${running.url} (started as \`npm start\` starts it; its log: ${running.logFile})`);
  out(`people: ${PEOPLE.author} (author), ${Object.entries(ROLE_USERS).map(([role, user]) => `${user} (${role})`).join(', ')}; alice is in acme/data-leads, the code owner of every file`);
  out(`the admin built the source and set the repository's secrets SOURCE_URL and TARGET_URL (values never printed):`);
  for (const line of source.summary) out(`  ${line}`);
  out('main holds a README only: /migrate init makes it a migration project; fresh keys (mode 600, never printed):');
  out(`  plan signing ${ctx.keys.planKeyFile} -> signers.keys; tag signing ${ctx.keys.tagKeyFile} and GitHub's web-flow key -> signers.tag_signers`);
}

function lifecycleSteps(w: DemoWorld): Step[] {
  const { ctx } = w;
  let repoDir = '';
  const store = join(ctx.work, 'artifacts');
  const toPlanned: Step[] = [
    { title: `carol: \`/migrate init\`; the project pull request, filled in and merged (CREATED)`, run: () => migrateInit(ctx, w.source.engine, store, w.tagSigners) },
    { title: 'alice: `/discover`; the discover workflow reads the source; the discovery pull request is merged (DISCOVERED)', run: () => discover(ctx) },
    { title: 'alice: `/plan propose`; the agents\' plan pull request, reviewed and merged (PLAN_DRAFTED)', run: () => proposePlan(ctx) },
    { title: 'alice: `/advance PLANNED`; reviewed, then signed with `/plan sign`', run: () => signPlan(ctx) },
  ];
  return [
    ...toPlanned,
    { title: `${PEOPLE.releaseManager} merges (PLANNED); the app tags plan/v${VERSION}; the runner workflow executes and reconciles`, run: () => mergeAndTag(ctx) },
    { title: 'the runner\'s evidence pull request: data owner and security approve, rita merges (EXECUTED)', run: () => evidencePull(ctx) },
    { title: 'alice: `/advance RECONCILED` (needs the passing reconciliation of v1)', run: () => advance(ctx, 'RECONCILED', PEOPLE.techLead, []) },
    { title: 'alice: `/advance PARALLEL_VALIDATED`, approved by quinn (qa_lead)', run: () => advance(ctx, 'PARALLEL_VALIDATED', PEOPLE.techLead, ['qa_lead']) },
    { title: 'rita: `/advance CUTOVER_READY`, approved by bo (business_owner)', run: () => advance(ctx, 'CUTOVER_READY', PEOPLE.releaseManager, ['business_owner']) },
    { title: 'rita: `/advance CUTOVER_DONE`, approved by rita (release_manager) and dora (data_owner)', run: () => advance(ctx, 'CUTOVER_DONE', PEOPLE.releaseManager, ['release_manager', 'data_owner']) },
    { title: 'rita: `/evidence compose`; the pack\'s pull request is merged (EVIDENCE_COMPLETE)', run: async () => {
      const pack = await composePack(ctx);
      if (pack.state !== 'EVIDENCE_COMPLETE') throw new CopilotError('VALIDATION_FAILED', `the evidence pack's pull request #${pack.pull} left project.json at ${pack.state}, not EVIDENCE_COMPLETE`);
    } },
    { title: 'the repository, cloned with its history; `migration-copilot verify --evidence` on the pack', run: async () => {
      repoDir = await cloneRepository(ctx);
      await verifyPack(ctx, repoDir);
    } },
    { title: 'a tampered copy: one byte of plans/migration_plan.json changed after signing', run: () => refuseTampered(ctx, repoDir) },
    { title: 'the audit chain the app kept', run: () => verifyAudit(ctx) },
  ];
}

export async function runDemo(io: CommandIO, work: string, options: DemoOptions = { source: 'duckdb', keep: false }): Promise<void> {
  const started = Date.now();
  const w = await startDemoWorld(io, work, options);
  const { ctx, gh, running } = w;
  const stopWatching = watchWorkflows(gh, ctx.out);
  try {
    header(w, work);
    const steps = lifecycleSteps(w);
    for (const [i, step] of steps.entries()) {
      const label = `[${i + 1}/${steps.length}]`;
      ctx.out();
      ctx.out(`${label} ${step.title}  (${((Date.now() - started) / 1000).toFixed(0)}s)`);
      try {
        await step.run();
      } catch (e) {
        throw asStepError(`${label} ${step.title}`, e);
      }
    }
    stopWatching();
    const out = ctx.out;
    out();
    out(renderTimeline(`timeline of ${FULL_NAME}:`, ctx.timeline.entries));
    out();
    const appRequests = gh.requests.filter((r) => String(r.actor).startsWith('app:')).length;
    out(io.env.MIGRATION_COPILOT_SIM_TRACE
      ? `simulator: ${gh.requests.length} requests (${appRequests} by the app), ${gh.violations.length} violations of GitHub's descriptions${gh.violations.length ? `: ${gh.violations.slice(0, 3).join('; ')}` : ''}; trace in ${io.env.MIGRATION_COPILOT_SIM_TRACE}`
      : `simulator: ${gh.requests.length} requests (${appRequests} by the app; set MIGRATION_COPILOT_SIM_TRACE=FILE to check each against GitHub's API description and keep a trace)`);
    out(`done in ${((Date.now() - started) / 1000).toFixed(1)}s: project.json on main is ${ctx.timeline.entries.filter((e) => e.what.includes('; state ')).at(-1)?.what.split('; state ')[1] ?? '?'}. Where everything is:`);
    out(`  ${join(work, 'repo')}   the migration repository with its history (plan tag ${PLAN_TAG}, branch origin/migration-audit)`);
    out(`  ${join(work, 'artifacts')}   the artifact store (the runner's reports)`);
    out(`  ${running.logFile}   what the app did, event by event`);
    out(`  ${io.env.MIGRATION_COPILOT_SIM_TRACE ?? '(no trace: set MIGRATION_COPILOT_SIM_TRACE=FILE)'}   the simulator's trace`);
    out(`  ${w.source.location}   the source${w.source.engine === 'postgres' && !options.keep ? ' (dropped now: pass --dir to keep it)' : ''}; ${join(work, 'target.duckdb')}   the target`);
    out(`Try: migration-copilot verify --repo ${join(work, 'repo')}`);
  } finally {
    stopWatching();
    await w.close();
  }
}

// The demo: a scenario of people only, on a fresh simulator, with the app started the way `npm start`
// starts it. People push, open the pull request, review, comment `/plan status` and `/plan sign`, and merge,
// through the simulator's REST API and git; the check runs, the signature, the tag and the audit chain are
// the app's answers to the webhooks. The runner's workflow then runs the plan gate on a fresh clone, and a
// tampered copy is refused. Each step is named when it fails (the kind of failure kept: a "no" exits 1, bad
// input 2, a broken system 3); the app and the simulator are stopped however it ends.
import { join } from 'node:path';
import { startPlayground } from '../../playground/index.js';
import type { CommandIO } from '../command.js';
import { settle, startDemoApp } from './app.js';
import { BOT, FULL_NAME, PEOPLE, REVIEWERS, VERSION, type DemoContext } from './context.js';
import { makeKeys } from './keys.js';
import { RUNNER_WORKFLOW } from './repo-content.js';
import { runnerWorkflow } from './runner-workflow.js';
import { asStepError } from './step-error.js';
import { verifyAudit } from './steps/audit.js';
import { appComment, commentAs, printLines } from './steps/comment.js';
import { showGate } from './steps/gate.js';
import { mergeAndTag } from './steps/merge.js';
import { openPlanPull } from './steps/pull-request.js';
import { review } from './steps/reviews.js';
import { refuseTampered } from './steps/tamper.js';
import { renderTimeline, Timeline } from './timeline.js';
import { buildWorld } from './world.js';
import { CopilotError } from '../../core/errors.js';

export async function runDemo(io: CommandIO, work: string): Promise<void> {
  const out = (s = '') => io.stdout.write(`${s}\n`);
  const started = Date.now();
  const gh = await startPlayground({ env: io.env, ...(io.env.MIGRATION_COPILOT_SIM_TRACE ? { trace: io.env.MIGRATION_COPILOT_SIM_TRACE } : {}) })
    .catch((e: unknown) => { throw asStepError('[0] start the simulator', e); });
  let running: Awaited<ReturnType<typeof startDemoApp>> | undefined;
  try {
    const keys = await makeKeys(work).catch((e: unknown) => { throw asStepError('[0] the fresh keys', e); });
    const runner: DemoContext['runner'] = [];
    gh.actions.register(RUNNER_WORKFLOW, runnerWorkflow(work, runner));
    const world = await buildWorld(gh, keys).catch((e: unknown) => { throw asStepError('[0] the world', e); });
    running = await startDemoApp(gh, work, keys).catch((e: unknown) => { throw asStepError('[0] start the app', e); });
    const { app } = running;
    gh.setWebhookUrl(`${running.url}/api/github/webhooks`);
    gh.people.installApp('acme');
    const timeline = new Timeline();
    const ctx: DemoContext = {
      io, out, work, gh, keys, app, timeline, runner, cloneUrl: `${gh.gitUrl}/${FULL_NAME}.git`, settle: () => settle(gh, app),
    };
    let gate = '';

    out('migration-copilot demo: the plan pull request of examples/demo-migration (DuckDB -> DuckDB) on a local GitHub');
    out(`work folder: ${work}`);
    out(`simulator at ${gh.url}; the app listens at ${running.url} (started as \`npm start\` starts it; its log: ${running.logFile})`);
    out(`people: ${PEOPLE.author} (author), ${REVIEWERS.map((r) => `${r.user} (${r.role})`).join(', ')}, ${PEOPLE.releaseManager} (release manager); alice is in acme/data-leads`);
    out(`main holds examples/demo-migration without the plan (${world.files} files) and .github/workflows/${RUNNER_WORKFLOW}; fresh keys (mode 600, never printed):`);
    out(`  plan signing ${keys.planKeyFile} -> signers.keys; tag signing ${keys.tagKeyFile} and GitHub's web-flow key -> signers.tag_signers`);
    const steps: { title: string; run: () => Promise<unknown> }[] = [
      { title: `${PEOPLE.author} opens the plan pull request; the app posts the check runs`, run: () => openPlanPull(ctx, world.plan) },
      { title: `${REVIEWERS.map((r) => r.user).join(', ')} approve through the REST API`, run: () => review(ctx) },
      { title: `${PEOPLE.author} asks for the status: \`/plan status\``, run: async () => {
        await commentAs(ctx, PEOPLE.author, '/plan status', 4);
        const status = await appComment(ctx, `<!-- migration-copilot:status:${ctx.pull} -->`);
        if (status) {
          ctx.out('      the status comment:');
          printLines(ctx, status, 14);
        }
        ctx.timeline.add(BOT, 'kept the status comment (checks, approvals, rows per step, risk)');
      } },
      { title: `${PEOPLE.signer} signs: \`/plan sign\``, run: async () => {
        const { done } = await commentAs(ctx, PEOPLE.signer, '/plan sign', 16);
        if (!done) throw new CopilotError('PLAN_REFUSED', 'the app did not sign the plan; its answer above says why');
        ctx.timeline.add(PEOPLE.signer, 'commented /plan sign');
        ctx.timeline.add(BOT, `signed v${VERSION}: plans/signed/v${VERSION}.json + bundle committed to the pull request`);
      } },
      { title: `${PEOPLE.releaseManager} merges; the app tags the merge commit plan/v${VERSION}`, run: () => mergeAndTag(ctx) },
      { title: 'the runner\'s plan gate, in the workflow the tag started', run: async () => { gate = await showGate(ctx); } },
      { title: 'a tampered copy: one byte of plans/migration_plan.json changed after signing', run: () => refuseTampered(ctx, gate) },
      { title: 'the audit chain the app kept', run: () => verifyAudit(ctx) },
    ];
    for (const [i, step] of steps.entries()) {
      const label = `[${i + 1}/${steps.length}]`;
      out();
      out(`${label} ${step.title}`);
      try {
        await step.run();
      } catch (e) {
        throw asStepError(`${label} ${step.title}`, e);
      }
    }

    out();
    out(renderTimeline(`timeline of ${FULL_NAME}#${ctx.pull}:`, timeline.entries));
    out();
    const appRequests = gh.requests.filter((r) => String(r.actor).startsWith('app:')).length;
    out(io.env.MIGRATION_COPILOT_SIM_TRACE
      ? `simulator: ${gh.requests.length} requests (${appRequests} by the app), ${gh.violations.length} violations of GitHub's descriptions${gh.violations.length ? `: ${gh.violations.slice(0, 3).join('; ')}` : ''}; trace in ${io.env.MIGRATION_COPILOT_SIM_TRACE}`
      : `simulator: ${gh.requests.length} requests (${appRequests} by the app; set MIGRATION_COPILOT_SIM_TRACE=FILE to check each against GitHub's API description and keep a trace)`);
    out(`done in ${((Date.now() - started) / 1000).toFixed(1)}s. Look around:`);
    out(`  ${join(gate, 'plans/signed/v1.json')}   the SignedPlan, as the runner checked it out`);
    out(`  ${running.logFile}   what the app did, event by event`);
    out(`Try: edit a file under ${gate} and run`);
    out(`  migration-copilot verify --repo ${gate}`);
  } finally {
    await running?.app.stop().catch(() => undefined);
    await gh.close();
  }
}

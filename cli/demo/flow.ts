// The demo's steps, in order, on a fresh simulator. Each step is named when it fails (with the kind of
// failure kept: a "no" exits 1, bad input 2, a broken system 3); the simulator is closed however it ends.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProbotOctokit } from 'probot';
import { appendToAuditJsonl } from '../../core/audit/index.js';
import { startPlayground } from '../../playground/index.js';
import type { CommandIO } from '../command.js';
import { FULL_NAME, PEOPLE, REVIEWERS, VERSION, type DemoContext } from './context.js';
import { makeKeys } from './keys.js';
import { RUNNER_WORKFLOW } from './repo-content.js';
import { runnerWorkflow } from './runner-workflow.js';
import { asStepError } from './step-error.js';
import { verifyAndPublishAudit } from './steps/audit.js';
import { showGate } from './steps/gate.js';
import { merge, tag } from './steps/merge-and-tag.js';
import { openPlanPull, runValidators } from './steps/pull-request.js';
import { reviewAndRecord } from './steps/reviews.js';
import { pushSigned, signOnHead } from './steps/sign.js';
import { refuseTampered } from './steps/tamper.js';
import { renderTimeline, Timeline } from './timeline.js';
import { buildWorld, type World } from './world.js';

export async function runDemo(io: CommandIO, work: string): Promise<void> {
  const out = (s = '') => io.stdout.write(`${s}\n`);
  const started = Date.now();
  const steps: { title: string; run: (ctx: DemoContext) => Promise<unknown> }[] = [];
  let gate = '';
  let world: World | undefined;

  const gh = await startPlayground({ env: io.env, ...(io.env.MIGRATION_COPILOT_SIM_TRACE ? { trace: io.env.MIGRATION_COPILOT_SIM_TRACE } : {}) })
    .catch((e: unknown) => { throw asStepError('[0] start the simulator', e); });
  try {
    const keys = await makeKeys(work).catch((e: unknown) => { throw asStepError('[1/10] the world (its fresh keys)', e); });
    const auditFile = join(work, 'audit.jsonl');
    let audit = '';
    const timeline = new Timeline();
    const slug = gh.app.slug;
    const runner: DemoContext['runner'] = [];
    gh.actions.register(RUNNER_WORKFLOW, runnerWorkflow(work, runner));
    let installationId = 0;
    // Probot's throttling spaces writes a second apart for GitHub's secondary rate limits; the simulator has none.
    const app = () => new ProbotOctokit({
      baseUrl: gh.url, auth: { appId: gh.app.id, privateKey: gh.app.privateKeyPem, installationId }, request: { retries: 0 }, throttle: { enabled: false },
    });
    let octokit: InstanceType<typeof ProbotOctokit> | undefined;
    const ctx: DemoContext = {
      io, out, work, gh, keys, timeline, auditFile, runner,
      get app() { return (octokit ??= app()); },
      appToken: async () => ((await ctx.app.auth({ type: 'installation' })) as { token: string }).token,
      bot: { name: `${slug}[bot]`, email: `${gh.app.id}+${slug}[bot]@users.noreply.playground` },
      audit: async (input) => {
        audit = appendToAuditJsonl(audit, auditFile, { project_id: 'demo-orders', ...input }, new Date().toISOString()).text;
        await writeFile(auditFile, audit);
      },
      cloneUrl: `${gh.gitUrl}/${FULL_NAME}.git`,
    };

    out('migration-copilot demo: the plan pull request of examples/demo-migration (DuckDB -> DuckDB) on a local GitHub');
    out(`work folder: ${work}`);
    steps.push(
      { title: `the world: org acme, repository ${FULL_NAME}, the app installed`, run: async () => {
        world = await buildWorld(gh, keys);
        installationId = world.installationId;
        out(`      simulator at ${gh.url}; main holds examples/demo-migration without the plan (${world.files} files) and .github/workflows/${RUNNER_WORKFLOW}`);
        out(`      people: ${PEOPLE.author} (author), ${REVIEWERS.map((r) => `${r.user} (${r.role})`).join(', ')}, ${PEOPLE.releaseManager} (release manager); alice is in acme/data-leads`);
        out(`      fresh keys (mode 600, never printed): plan signing ${keys.planKeyFile} -> signers.keys;`);
        out(`      tag signing ${keys.tagKeyFile} and GitHub's web-flow key -> signers.tag_signers`);
      } },
      { title: 'carol opens the plan pull request', run: () => openPlanPull(ctx, world!.plan) },
      { title: 'validators on the pull request head (what the check runs show)', run: runValidators },
      { title: `reviews: ${REVIEWERS.map((r) => r.user).join(', ')} approve; the app records them from GitHub`, run: reviewAndRecord },
      { title: 'sign, dry run first: nothing is written', run: (c) => signOnHead(c, true) },
      { title: `sign: plans/signed/v${VERSION}.json and its Sigstore bundle, pushed to the pull request`, run: async (c) => { await signOnHead(c, false); await pushSigned(c); } },
      { title: `${PEOPLE.releaseManager} merges; the app tags the merge commit plan/v${VERSION}`, run: async (c) => { await merge(c); await tag(c); } },
      { title: 'the runner\'s plan gate, in the workflow the tag started', run: async (c) => { gate = await showGate(c); } },
      { title: 'a tampered copy: one byte of plans/migration_plan.json changed after signing', run: (c) => refuseTampered(c, gate) },
      { title: 'the audit chain of the above', run: verifyAndPublishAudit },
    );
    for (const [i, step] of steps.entries()) {
      const label = `[${i + 1}/${steps.length}]`;
      out();
      out(`${label} ${step.title}`);
      try {
        await step.run(ctx);
      } catch (e) {
        throw asStepError(`${label} ${step.title}`, e);
      }
    }

    out();
    out(renderTimeline(`timeline of ${FULL_NAME}#${ctx.pull}:`, timeline.entries));
    out();
    out(io.env.MIGRATION_COPILOT_SIM_TRACE
      ? `simulator: ${gh.requests.length} requests, ${gh.violations.length} violations of GitHub's descriptions${gh.violations.length ? `: ${gh.violations.slice(0, 3).join('; ')}` : ''}; trace in ${io.env.MIGRATION_COPILOT_SIM_TRACE}`
      : `simulator: ${gh.requests.length} requests (set MIGRATION_COPILOT_SIM_TRACE=FILE to check each against GitHub's API description and keep a trace)`);
    out(`done in ${((Date.now() - started) / 1000).toFixed(1)}s. Look around:`);
    out(`  ${join(gate, 'plans/signed/v1.json')}   the SignedPlan, as the runner checked it out`);
    out(`  ${ctx.approvalsFile}   the approvals record the app built from GitHub`);
    out(`  ${auditFile}   the hash-chained audit log`);
    out(`Try: edit a file under ${gate} and run`);
    out(`  migration-copilot verify --repo ${gate}`);
  } finally {
    await gh.close();
  }
}

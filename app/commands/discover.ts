// /discover: starts the repository's read-only discover workflow (.github/workflows/migration-discover.yml
// on the default branch, installed by /migrate init) with workflow_dispatch. The app never connects to the
// source: the workflow does, with the repository's SOURCE_URL secret, and pushes the raw catalog and profile
// to branch migration/discovery, whose push makes the app open the discovery pull request
// (app/proposals/discovery.ts). A redelivered comment is answered once, so the workflow starts once.
import { DISCOVERY_BRANCH, DISCOVERY_STATES } from '../proposals/discovery.js';
import { RAW_DIR } from '../proposals/init-files.js';
import type { CommentCommand } from './command.js';

export const DISCOVER_WORKFLOW = 'migration-discover.yml';

const discover: CommentCommand = {
  name: 'discover', summary: 'run the read-only discover workflow (catalog and profile of the source), then open the discovery pull request',
  args: [], roles: ['tech_lead', 'data_owner'], states: DISCOVERY_STATES, needsPull: false,
  async run(ctx) {
    const { job, base } = ctx;
    const path = `.github/workflows/${DISCOVER_WORKFLOW}`;
    if (!base.files.paths.includes(path)) {
      const why = `${path} is not on ${base.ref}: /discover runs that workflow (migration-copilot init installs it; copy it from templates/ of migration-copilot)`;
      return { ok: false, body: why, reasoning: why };
    }
    await job.octokit.rest.actions.createWorkflowDispatch({ owner: job.owner, repo: job.repo, workflow_id: DISCOVER_WORKFLOW, ref: base.ref });
    await ctx.audit({ actor: ctx.actor, action: 'discovery.requested', subject: path, refs: { base: base.sha }, idempotencyKey: `discover:${ctx.commentId}`,
      reasoning: `/discover started ${DISCOVER_WORKFLOW} on ${base.ref} (${base.sha.slice(0, 12)})` });
    return {
      ok: true, refs: { workflow: DISCOVER_WORKFLOW, base: base.sha }, reasoning: `dispatched ${DISCOVER_WORKFLOW} on ${base.ref}`,
      body: `Started \`${path}\` on ${base.ref}: it reads the source's catalog and profile (read-only, with the \`SOURCE_URL\` secret; personal data masked by the policy) and pushes them to \`${RAW_DIR}/\` on branch \`${DISCOVERY_BRANCH}\`. The app then opens the discovery pull request from them.`,
    };
  },
};

export default discover;

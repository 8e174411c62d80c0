// SchemaValidator: every artifact present parses and matches its schema, the files the project's state
// needs are there, the artifacts agree with each other (ids, engines, connections), and every model path the
// plan names is inside the repository and present.
import type { Finding } from '../schema/finding.js';
import { FORWARD_STATES } from '../state/index.js';
import { REPO_PATHS } from '../repo/paths.js';
import { unsafeRepoPath } from '../repo/safe-path.js';
import type { MigrationContext } from '../repo/context.js';
import { consistencyFindings } from './consistency.js';
import { findingAt, pointer } from './finding.js';
import type { Validator } from './types.js';

function stateAtLeast(state: string | undefined, floor: string): boolean {
  const order = FORWARD_STATES as readonly string[];
  return state !== undefined && order.indexOf(state) >= order.indexOf(floor);
}

function missing(ctx: MigrationContext, path: string, why: string): Finding {
  return findingAt(ctx, path, '', 'schema/missing-file', `${path} is missing; ${why}`);
}

export const schemaValidator: Validator = {
  id: 'schema',
  version: '1.0.0',
  run(ctx) {
    const out: Finding[] = ctx.artifacts.flatMap((a) => a.findings);
    if (!ctx.has(REPO_PATHS.project)) out.push(missing(ctx, REPO_PATHS.project, 'every migration repository starts with one (run `migration-copilot init`)'));
    if (!ctx.has(REPO_PATHS.config)) out.push(missing(ctx, REPO_PATHS.config, 'it names the roles, signers and connections'));
    const state = ctx.project?.value?.state;
    if (stateAtLeast(state, 'PLAN_DRAFTED')) {
      for (const path of [REPO_PATHS.mapping, REPO_PATHS.plan]) {
        if (!ctx.has(path)) out.push(missing(ctx, path, `the project is in state ${state}, which needs it`));
      }
    }
    for (const path of ctx.unknownFiles) {
      out.push(findingAt(ctx, path, '', 'schema/unknown-file',
        `no schema covers ${path}; name it discovery_report*.json, profiling_report*.json, proposal*.json or *reasoning.json, or move it out of discovery/`, 'warning'));
    }
    out.push(...consistencyFindings(ctx));
    // Paths the plan names stay inside the repository: no "..", no absolute path, present in the tree.
    const steps = (ctx.plan?.value?.steps ?? []) as readonly { readonly model?: unknown }[];
    steps.forEach((step, i) => {
      if (typeof step.model !== 'string') return;
      const unsafe = unsafeRepoPath(step.model);
      const why = unsafe ? `model path ${JSON.stringify(step.model)} ${unsafe}` : ctx.files.list(step.model).includes(step.model) ? undefined
        : `model ${step.model} is not in the repository`;
      if (why) out.push(findingAt(ctx, REPO_PATHS.plan, pointer('steps', i, 'model'), 'schema/model-path', why));
    });
    return out;
  },
};

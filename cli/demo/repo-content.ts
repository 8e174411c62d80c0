// What the demo repository holds: examples/demo-migration as the project ships it, with the plan held back
// for the pull request, the demo's fresh public keys and artifact store in .migration/config.yml, and the runner workflow that
// a pushed plan/v<N> tag starts: the template `init` installs (the example itself has no workflows).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { DemoKeys } from './keys.js';

export const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/demo-migration');
export const PLAN_PATH = 'plans/migration_plan.json';
export const RUNNER_WORKFLOW = 'migration-runner.yml';

/** The runner workflow `init` installs: the demo's tag push runs it in the simulator. */
const WORKFLOW_TEMPLATE = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates/.github/workflows', RUNNER_WORKFLOW);

async function filesUnder(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath, entry.name);
    out[relative(root, abs).split(sep).join('/')] = await readFile(abs, 'utf8');
  }
  return out;
}

export interface RepoContent {
  /** The default branch's first commit. */
  readonly main: Record<string, string>;
  /** plans/migration_plan.json, for the pull request. */
  readonly plan: string;
}

/**
 * tagSigners: allowed_signers lines (principal, key type, key) trusted for plan tags and merge commits.
 * artifactStore: the folder the runner and the app store evidence in (the work folder's artifacts/, which a
 * bucket would be in production: the workflow's checkout is gone when its job ends).
 */
export async function repoContent(keys: DemoKeys, tagSigners: readonly string[], artifactStore: string): Promise<RepoContent> {
  const { [PLAN_PATH]: plan, ...main } = await filesUnder(EXAMPLE);
  if (plan === undefined) throw new Error(`${EXAMPLE} has no ${PLAN_PATH}`);
  const doc = parseDocument(main['.migration/config.yml'] ?? '');
  doc.setIn(['signers', 'keys'], [{ id: 'demo-plan-key', algorithm: 'ed25519', public_key: keys.planPublicKeyPem }]);
  doc.setIn(['signers', 'tag_signers'], [...tagSigners]);
  doc.setIn(['artifact_store'], { kind: 'filesystem', path: artifactStore });
  main['.migration/config.yml'] = doc.toString();
  main[`.github/workflows/${RUNNER_WORKFLOW}`] = await readFile(WORKFLOW_TEMPLATE, 'utf8');
  return { main, plan };
}

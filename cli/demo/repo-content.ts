// What the demo repository holds: examples/demo-migration as the project ships it, with the plan held back
// for the pull request, the demo's fresh public keys in .migration/config.yml, and the runner workflow that
// a pushed plan/v<N> tag starts (the example itself has no workflows).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { DemoKeys } from './keys.js';

export const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/demo-migration');
export const PLAN_PATH = 'plans/migration_plan.json';
export const RUNNER_WORKFLOW = 'migration-runner.yml';

const WORKFLOW = `# Runs when the app pushes a signed plan tag. The simulator runs these steps for real (bash, a fresh
# checkout, the Actions environment); templates/.github/workflows/migration-runner.yml is the full runner
# (execute, reconcile, publish) that \`migration-copilot init\` installs. Here the job runs the plan gate's
# file checks on the tagged commit; the demo shows the tag and commit checks on the same checkout.
name: migration-runner
on:
  push:
    tags: ['plan/v*']
permissions:
  contents: read
jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - name: Plan gate
        run: migration-copilot verify --repo . --version "\${GITHUB_REF_NAME#plan/v}"
`;

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

/** tagSigners: allowed_signers lines (principal, key type, key) trusted for plan tags and merge commits. */
export async function repoContent(keys: DemoKeys, tagSigners: readonly string[]): Promise<RepoContent> {
  const { [PLAN_PATH]: plan, ...main } = await filesUnder(EXAMPLE);
  if (plan === undefined) throw new Error(`${EXAMPLE} has no ${PLAN_PATH}`);
  const doc = parseDocument(main['.migration/config.yml'] ?? '');
  doc.setIn(['signers', 'keys'], [{ id: 'demo-plan-key', algorithm: 'ed25519', public_key: keys.planPublicKeyPem }]);
  doc.setIn(['signers', 'tag_signers'], [...tagSigners]);
  main['.migration/config.yml'] = doc.toString();
  main[`.github/workflows/${RUNNER_WORKFLOW}`] = WORKFLOW;
  return { main, plan };
}

// The inputs manifest of a SignedPlan: path -> sha256 of the exact bytes of every file the runner reads
// to execute the plan (the plan, the mapping, the manual decisions, project.json with the archetype and
// the state, the discovery snapshot the drift gate compares the live schema with, and every model under
// models/). Signing records it; the gate recomputes it at the tagged
// commit and refuses any difference, so nothing the runner executes can change after the approvals.
import { sha256Hex } from '../json/canonical.js';
import type { MigrationContext } from './context.js';
import { fileBytes } from './files.js';
import { REPO_PATHS } from './paths.js';
import { unsafeRepoPath } from './safe-path.js';

export const MODELS_DIR = 'models/';

/** The discovery snapshot the plan was built from; the runner's drift gate compares the live schema with it. */
export const DISCOVERY_SNAPSHOT = `${REPO_PATHS.discoveryDir}discovery_report.json`;

/** The files that are inputs when present (models/ is listed separately). */
export const INPUT_FILES: readonly string[] = [
  REPO_PATHS.plan, REPO_PATHS.mapping, REPO_PATHS.manualDecisions, REPO_PATHS.project, DISCOVERY_SNAPSHOT,
];

export interface InputsManifest {
  /** path -> sha256, keys sorted. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Why the manifest is not usable: a model the plan names that is absent, or a path that leaves the tree. */
  readonly problems: readonly string[];
}

/** The model paths the plan's steps name (run_model steps), as written. */
function referencedModels(ctx: MigrationContext): string[] {
  const steps = (ctx.plan?.value?.steps ?? []) as readonly { readonly model?: unknown }[];
  return steps.map((s) => s.model).filter((m): m is string => typeof m === 'string');
}

export function inputsManifest(ctx: MigrationContext): InputsManifest {
  const problems: string[] = [];
  const paths = new Set<string>();
  for (const path of INPUT_FILES) if (fileBytes(ctx.files, path) !== undefined) paths.add(path);
  for (const path of ctx.files.list(MODELS_DIR)) paths.add(path);
  for (const model of referencedModels(ctx)) {
    const unsafe = unsafeRepoPath(model);
    if (unsafe) problems.push(`${REPO_PATHS.plan}: model path ${JSON.stringify(model)} ${unsafe}`);
    else if (!paths.has(model)) problems.push(`${REPO_PATHS.plan}: model ${model} is not in the repository (or leads outside it)`);
  }
  const inputs: Record<string, string> = {};
  for (const path of [...paths].sort()) {
    const bytes = fileBytes(ctx.files, path);
    if (bytes !== undefined) inputs[path] = sha256Hex(bytes);
  }
  return { inputs, problems };
}

/** Every difference between a signed manifest and the files now, one line each; empty when identical. */
export function manifestDifferences(
  signed: Readonly<Record<string, string | undefined>>,
  now: Readonly<Record<string, string | undefined>>,
): string[] {
  const out: string[] = [];
  for (const path of [...new Set([...Object.keys(signed), ...Object.keys(now)])].sort()) {
    const a = signed[path];
    const b = now[path];
    if (a === b) continue;
    if (a === undefined) out.push(`${path} was added after signing`);
    else if (b === undefined) out.push(`${path} was removed after signing`);
    else out.push(`${path} changed after signing (signed ${a.slice(0, 12)}, now ${b.slice(0, 12)})`);
  }
  return out;
}

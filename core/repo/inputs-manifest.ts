// The inputs manifest of a SignedPlan: path -> sha256 of every file the runner reads to execute the plan
// (the plan, the mapping, the manual decisions, project.json with the archetype, engines and scope, the
// discovery snapshot the drift gate compares the live schema with, and every model under models/), each
// digest as `inputDigest` computes it. Signing records it; the gate recomputes it at the tagged commit and
// refuses any difference, so nothing the runner executes can change after the approvals.
import { canonicalJson, sha256Hex } from '../json/canonical.js';
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

/**
 * The digest a signed input is recorded under: sha256 of its exact bytes, except project.json, whose
 * lifecycle `state` is left out (sha256 of the canonical JSON of the rest). The state moves after signing
 * by design (the evidence pull request, each /advance), while everything the runner reads from the file
 * (project id, archetype, engines, scope) stays bound. A project.json that is not a JSON object is hashed as
 * bytes, so it can never match a signed digest of a valid one by accident.
 */
export function inputDigest(path: string, bytes: Uint8Array): string {
  if (path === REPO_PATHS.project) {
    try {
      const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const { state: _state, ...rest } = value as Record<string, unknown>;
        return sha256Hex(`project.json without state:${canonicalJson(rest)}`);
      }
    } catch {
      // not JSON: hashed as bytes below
    }
  }
  return sha256Hex(bytes);
}

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
    if (bytes !== undefined) inputs[path] = inputDigest(path, bytes);
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

// What `sign` and `verify` cannot do without, from a repository's MigrationContext: the plan (and its
// exact bytes), the config and the policy in force. Unlike validators, which report a missing or bad file
// as a finding, these commands stop: FILE_NOT_FOUND naming the file, or SCHEMA_INVALID / POLICY_INVALID
// listing each finding's line and pointer.
import { CopilotError } from '../core/errors.js';
import type { ReadonlyPolicy } from '../core/policy/index.js';
import {
  artifactValue, fileBytes, REPO_PATHS, type Artifact, type MigrationContext, type RepoFiles,
} from '../core/repo/index.js';
import type { DeepReadonly } from '../core/schema/index.js';
import type { MigrationConfig, MigrationPlan } from '../core/types/generated.js';

export function notInRepo(repo: string, path: string): CopilotError {
  return new CopilotError('FILE_NOT_FOUND', `${path} not found in ${repo}`, { hint: 'check --repo points at the migration repository' });
}

function required<T>(repo: string, path: string, artifact: Artifact<T> | undefined): DeepReadonly<T> {
  if (!artifact) throw notInRepo(repo, path);
  return artifactValue(artifact);
}

/** What `sign` and `verify` cannot do without. */
export interface PlanInputs {
  readonly plan: DeepReadonly<MigrationPlan>;
  /** The exact bytes of plans/migration_plan.json: plan_sha256 is their digest. */
  readonly planBytes: Uint8Array;
  readonly config: DeepReadonly<MigrationConfig>;
  /** The policy in force: the repository's .migration/policy.json, else the shipped default. */
  readonly policy: ReadonlyPolicy;
  /** Where the policy came from, for people: ".migration/policy.json" or "policies/policy.json (default)". */
  readonly policyFile: string;
}

/**
 * The plan, config and policy of a repository read through `files`, each present and valid or an input
 * error naming the file (and each finding's line and pointer), checked in that order.
 */
export function planInputs(repo: string, files: RepoFiles, ctx: MigrationContext): PlanInputs {
  const plan = required(repo, REPO_PATHS.plan, ctx.plan);
  const planBytes = fileBytes(files, REPO_PATHS.plan);
  if (!planBytes) throw notInRepo(repo, REPO_PATHS.plan);
  const config = required(repo, REPO_PATHS.config, ctx.config);
  const policy = artifactValue(ctx.policy);
  const policyFile = ctx.policy.source === 'default' ? `${ctx.policy.path} (default)` : ctx.policy.path;
  return { plan, planBytes, config, policy, policyFile };
}

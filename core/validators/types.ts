// What every validator returns (shared shape 6): a result that explains itself. "fail" is the policy
// saying no (check run conclusion failure, CLI exit 1); "error" is the validator itself breaking
// (conclusion neutral with a retry, CLI exit 3), never a silent pass.
import type { Finding } from '../schema/finding.js';
import type { MigrationContext } from '../repo/context.js';

export type ValidatorStatus = 'pass' | 'fail' | 'error';

export interface ValidatorResult {
  readonly id: string;
  readonly version: string;
  readonly status: ValidatorStatus;
  readonly findings: readonly Finding[];
}

/** Inputs a few validators need beyond the repository; each is optional. */
export interface ValidatorOptions {
  /** Run only these validator ids. */
  readonly only?: readonly string[];
  /** The approvals record of the pull request under review (approvals_record schema), with its file name. */
  readonly approvalsRecord?: { readonly path: string; readonly text: string };
  /**
   * The base branch's repository: roles, signer trust and the policy are taken from it instead of from
   * the tree under review (the app always passes it; the CLI with --base DIR).
   */
  readonly base?: MigrationContext;
  /** Sigstore trusted root (JSON) for keyless signed-plan bundles. */
  readonly trustedRoot?: unknown;
}

export interface Validator {
  /** Stable id; the check run is `migration/<id>`. */
  readonly id: string;
  /** Bumped whenever the rules change: recorded in SignedPlan.validators. */
  readonly version: string;
  /** Why this validator cannot judge this repository with these options, or undefined when it can. */
  skip?(ctx: MigrationContext, opts: ValidatorOptions): string | undefined;
  run(ctx: MigrationContext, opts: ValidatorOptions): readonly Finding[];
}

export function resultOf(v: Pick<Validator, 'id' | 'version'>, findings: readonly Finding[]): ValidatorResult {
  const sorted = [...findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return {
    id: v.id, version: v.version,
    status: sorted.some((f) => f.severity === 'error') ? 'fail' : 'pass',
    findings: sorted,
  };
}

// Where the rules come from. Roles, signer trust and the policy are read from the base branch, never
// from the pull request under review (design, Approvals): when the caller passes the base branch's
// context, these validators judge the PR's files by its rules; otherwise by the tree's own.
import type { MigrationContext } from '../repo/context.js';
import type { ValidatorOptions } from './types.js';

/** The context whose config and policy are in force. */
export function rulesContext(ctx: MigrationContext, opts: ValidatorOptions): MigrationContext {
  return opts.base ?? ctx;
}

/** "the base branch's " or "", for messages that name where a rule came from. */
export function rulesOrigin(opts: ValidatorOptions): string {
  return opts.base ? 'the base branch\'s ' : '';
}

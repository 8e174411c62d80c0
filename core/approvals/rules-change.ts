// Which of the files that hold the rules (roles and signer trust, the policy, CODEOWNERS) a pull request
// changes, comparing its head with the base branch. Such a change is judged by the rules it replaces:
// it needs the approvals of the base policy's `policy_change` roles, never its own.
import { sha256Hex } from '../json/canonical.js';
import { DEFAULT_POLICY } from '../policy/defaults.js';
import type { MigrationContext } from '../repo/context.js';
import { fileBytes } from '../repo/files.js';
import { REPO_PATHS } from '../repo/paths.js';
import type { ApprovalPolicy } from '../state/required-roles.js';

/** The files that hold the rules. */
export const RULE_FILES: readonly string[] = [REPO_PATHS.config, REPO_PATHS.policy, ...REPO_PATHS.codeowners];

/** The rule files whose bytes differ between base and head (added, removed or edited), sorted. */
export function changedRuleFiles(base: MigrationContext, head: MigrationContext): string[] {
  return RULE_FILES.filter((path) => {
    const a = fileBytes(base.files, path);
    const b = fileBytes(head.files, path);
    if (a === undefined || b === undefined) return a !== b;
    return sha256Hex(a) !== sha256Hex(b);
  });
}

/** The roles the policy asks to approve a change of the rules; the default policy's when it names none. */
export function policyChangeRoles(policy: ApprovalPolicy & { readonly policy_change?: readonly string[] }): readonly string[] {
  return policy.policy_change ?? DEFAULT_POLICY.policy_change ?? [];
}

/** The key approvals of a rules change are recorded under (it is no lifecycle transition). */
export const POLICY_CHANGE = 'policy_change';

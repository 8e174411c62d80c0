// The approvals record (core/schemas/approvals_record.schema.json): what the app captured from a pull
// request. Checked against its schema first, then turned into the inputs of the approval rules; the
// roles and the policy come from the base branch and are passed in by the caller.
import { CopilotError } from '../errors.js';
import { parseCodeowners } from '../codeowners/parse.js';
import type { Finding } from '../schema/finding.js';
import { parseJson } from '../schema/parse-json.js';
import { toReadonly, type DeepReadonly } from '../schema/readonly.js';
import { validateDocument } from '../schema/validate.js';
import type { ApprovalPolicy } from '../state/required-roles.js';
import type { ApprovalsRecord } from '../types/generated.js';
import type { ApprovalsInput, RoleMembers } from './types.js';

export type { ApprovalsRecord };

export type ReadonlyApprovalsRecord = DeepReadonly<ApprovalsRecord>;

/** The record, or the findings (with line and JSON pointer) that make it unusable. */
export function checkApprovalsRecord(text: string, file: string):
  { record: ReadonlyApprovalsRecord; findings: [] } | { record: undefined; findings: Finding[] } {
  const doc = parseJson(text, file);
  const findings = doc.findings.length > 0
    ? [...doc.findings]
    : validateDocument('approvals_record', doc.value, { file, lines: doc.lines });
  if (findings.length > 0) return { record: undefined, findings };
  return { record: toReadonly(doc.value as ApprovalsRecord), findings: [] };
}

/** Like checkApprovalsRecord, but a malformed record throws SCHEMA_INVALID listing every finding. */
export function parseApprovalsRecord(text: string, file: string): ReadonlyApprovalsRecord {
  const checked = checkApprovalsRecord(text, file);
  if (checked.record) return checked.record;
  const list = checked.findings.map((f) => `  ${f.path}:${f.line}${f.pointer ? ` ${f.pointer}` : ''}: ${f.message}`).join('\n');
  throw new CopilotError('SCHEMA_INVALID', `${file} is not a valid approvals record:\n${list}`, {
    hint: 'Fix the record (core/schemas/approvals_record.schema.json describes it) and run again.',
  });
}

/** "owner/repo#number@head_sha": the pull request an approval was given on. */
export function recordScope(record: Pick<ReadonlyApprovalsRecord, 'repository' | 'pull_number' | 'head_sha'>): string {
  return `${record.repository}#${record.pull_number}@${record.head_sha}`;
}

export interface BaseBranchRules {
  readonly roles: Readonly<Record<string, RoleMembers | undefined>>;
  readonly policy: ApprovalPolicy;
  /**
   * The base branch's CODEOWNERS text (null: it has none). When given it is used instead of the copy in the
   * record, so a record written by hand cannot choose its own code owners.
   */
  readonly codeowners?: string | null;
}

function codeownersOf(text: string | null) {
  return text === null ? null : parseCodeowners(text, 'CODEOWNERS');
}

/** The inputs of evaluateApprovals / evaluateApprovalsUpTo, minus the transition. */
export function approvalsInputFromRecord(
  record: ReadonlyApprovalsRecord,
  base: BaseBranchRules,
): Omit<ApprovalsInput, 'transition'> {
  return {
    reviews: record.reviews,
    roles: base.roles,
    teams: record.teams,
    codeowners: codeownersOf(base.codeowners === undefined ? record.codeowners : base.codeowners),
    changedFiles: record.changed_files,
    author: record.author,
    headSha: record.head_sha,
    planSha256: record.plan_sha256,
    scope: recordScope(record),
    policy: base.policy,
  };
}

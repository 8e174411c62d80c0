// ApprovalValidator: a thin wrapper over core/approvals. The pull request's approvals record (from the
// app, or `--approvals FILE` on the CLI) judged by the roles and policy in force (the base branch's when
// given, see rules.ts), for every transition up to PLANNED->EXECUTED while the plan is being drafted, or the
// next transition after that. With a base, the state those transitions start from is the base branch's: a
// pull request may move project.json's state by one forward transition (whose roles it then needs), any
// other change of state is a finding, and a change of the rule files needs the base policy's policy_change roles.
import {
  approvalsInputFromRecord, changedRuleFiles, checkApprovalsRecord, evaluateApprovals, evaluateApprovalsUpTo, POLICY_CHANGE, policyChangeRoles,
} from '../approvals/index.js';
import type { ApprovalsResult } from '../approvals/index.js';
import { sha256Hex } from '../json/canonical.js';
import type { Finding } from '../schema/finding.js';
import { nextState, reconGuard, reconReportFiles, stateChange, type State } from '../state/index.js';
import { fileBytes } from '../repo/files.js';
import { REPO_PATHS } from '../repo/paths.js';
import { findingAt, pointer } from './finding.js';
import { rulesContext, rulesOrigin } from './rules.js';
import type { Validator } from './types.js';

const UP_TO_SIGNING: readonly string[] = ['CREATED', 'DISCOVERED', 'PLAN_DRAFTED', 'PLANNED'];

export const approvalValidator: Validator = {
  id: 'approvals',
  version: '1.0.0',
  skip(ctx, opts) {
    if (!opts.approvalsRecord) return 'no approvals record given (the app passes the pull request\'s; on the CLI use --approvals FILE)';
    const rules = rulesContext(ctx, opts);
    if (!rules.config?.value) return `${rulesOrigin(opts)}${REPO_PATHS.config} is ${rules.config ? 'invalid (see migration/schema)' : 'absent'}: it names the roles`;
    if (!rules.policy.value) return `${rulesOrigin(opts)}${rules.policy.path} is invalid (see migration/schema)`;
    const state = opts.base ? opts.base.project?.value?.state : ctx.project?.value?.state;
    const project = opts.base ? opts.base.project : ctx.project;
    if (!state) return `${rulesOrigin(opts)}${REPO_PATHS.project} is ${project ? 'invalid' : 'absent'}: the state decides which approvals are due`;
    if (!UP_TO_SIGNING.includes(state) && !nextState(state as State)) return `no transition leaves state ${state}`;
    return undefined;
  },
  run(ctx, opts) {
    const { path, text } = opts.approvalsRecord!;
    const checked = checkApprovalsRecord(text, path);
    if (!checked.record) return checked.findings;
    const record = checked.record;
    const out: Finding[] = [];
    if (ctx.plan) {
      const actual = sha256Hex(fileBytes(ctx.files, REPO_PATHS.plan) ?? ctx.plan.text);
      if (record.plan_sha256 !== actual) {
        out.push({ path, line: 1, pointer: '/plan_sha256', rule: 'approvals/plan-sha256', severity: 'error',
          message: `the record's plan_sha256 ${record.plan_sha256.slice(0, 12)}... is not ${REPO_PATHS.plan} of this tree (${actual.slice(0, 12)}...); the approvals were given on another version of the plan` });
      }
    }
    const rules = rulesContext(ctx, opts);
    const config = rules.config!.value!;
    const policy = rules.policy.value!;
    const input = approvalsInputFromRecord(record, {
      roles: config.roles, policy, ...(opts.base ? { codeowners: opts.base.codeowners?.text ?? null } : {}),
    });
    const state = (opts.base ? opts.base.project!.value!.state : ctx.project!.value!.state) as State;
    const results: ApprovalsResult[] = UP_TO_SIGNING.includes(state)
      ? [...evaluateApprovalsUpTo(state, 'EXECUTED', input).transitions]
      : [evaluateApprovals({ ...input, transition: `${state}->${nextState(state)!}` })];
    if (opts.base) {
      const move = stateChange(state, ctx.project?.value?.state);
      if (move.kind === 'invalid') {
        out.push(findingAt(ctx, REPO_PATHS.project, pointer('state'), 'approvals/state-change', move.reason));
      }
      // The evidence comes from the base branch, like the rules: a pull request cannot bring its own passing report.
      const guard = move.kind === 'transition' ? reconGuard(move.transition, opts.base.signedVersions, reconReportFiles(opts.base.files)) : undefined;
      if (guard) out.push(findingAt(ctx, REPO_PATHS.project, pointer('state'), 'approvals/reconciliation', guard));
      const changed = changedRuleFiles(opts.base, ctx);
      if (changed.length > 0) {
        const change = evaluateApprovals({ ...input, transition: POLICY_CHANGE, requiredRoles: policyChangeRoles(policy) });
        results.push({ ...change, reasons: change.reasons.map((r) => `${r} (this pull request changes ${changed.join(', ')})`) });
      }
    }
    for (const t of results) {
      for (const role of t.roles) {
        if (role.status === 'filled') continue;
        const reason = t.reasons.find((r) => r.includes(`role ${role.role} is missing`)) ?? `${t.transition}: role ${role.role} is missing`;
        out.push(findingAt(rules, REPO_PATHS.config, pointer('roles', role.role), 'approvals/role-missing', reason));
      }
      for (const file of t.codeowners) {
        if (file.status !== 'missing') continue;
        const reason = t.reasons.find((r) => r.startsWith(`${file.file}:`)) ?? `${file.file}: no code owner approved`;
        out.push({ path: rules.codeowners?.path ?? 'CODEOWNERS', line: file.line ?? 1, pointer: '', rule: 'approvals/codeowner-missing', severity: 'error', message: reason });
      }
      for (const w of t.warnings) out.push({ path, line: 1, pointer: '', rule: 'approvals/warning', severity: 'warning', message: w });
    }
    const unique = new Map(out.map((f) => [`${f.path}:${f.line}:${f.rule}:${f.message}`, f]));
    return [...unique.values()];
  },
};

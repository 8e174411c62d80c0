// Loading a policy: parse with lines, schema-check, then the checks a schema cannot express (transition
// keys that are real lifecycle transitions, regular expressions that compile, delays in order).
import { canonicalDigest } from '../json/canonical.js';
import { CopilotError } from '../errors.js';
import { lineOf, type Finding, type LineMap } from '../schema/finding.js';
import { parseJson } from '../schema/parse-json.js';
import { toReadonly } from '../schema/readonly.js';
import { validateDocument } from '../schema/validate.js';
import { invalidApprovalKeys } from '../state/index.js';
import type { Policy } from '../types/generated.js';
import type { ReadonlyPolicy } from './defaults.js';

export interface LoadedPolicy {
  /** undefined exactly when findings has an error. */
  readonly policy: ReadonlyPolicy | undefined;
  readonly file: string;
  readonly lines: LineMap;
  readonly findings: readonly Finding[];
}

function finding(file: string, lines: LineMap, pointer: string, rule: string, message: string): Finding {
  return { path: file, line: lineOf(lines, pointer), pointer, rule, severity: 'error', message };
}

/** Semantic checks of a schema-valid policy. */
export function policyFindings(policy: Policy, file: string, lines: LineMap): Finding[] {
  const out: Finding[] = [];
  for (const key of invalidApprovalKeys(policy as { approvals: Record<string, string[]> })) {
    out.push(finding(file, lines, `/approvals/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'policy/transition',
      `"${key}" is not a lifecycle transition; use a "FROM->TO" pair such as "PLANNED->EXECUTED"`));
  }
  policy.pii.rules.forEach((rule, i) => {
    try {
      new RegExp(rule.pattern, 'i');
    } catch (e) {
      out.push(finding(file, lines, `/pii/rules/${i}/pattern`, 'policy/regex',
        `pattern does not compile (${e instanceof Error ? e.message : String(e)}); fix the regular expression`));
    }
  });
  if (policy.retry.base_delay_ms > policy.retry.max_delay_ms) {
    out.push(finding(file, lines, '/retry/base_delay_ms', 'policy/retry',
      `base_delay_ms (${policy.retry.base_delay_ms}) exceeds max_delay_ms (${policy.retry.max_delay_ms}); lower it or raise max_delay_ms`));
  }
  return out;
}

/** Validates an already parsed policy value. */
export function checkPolicy(value: unknown, file: string, lines: LineMap): LoadedPolicy {
  const schema = validateDocument('policy', value, { file, lines });
  const findings = schema.length > 0 ? schema : policyFindings(value as Policy, file, lines);
  return {
    policy: findings.length === 0 ? toReadonly(value as Policy) : undefined,
    file, lines, findings,
  };
}

/** Parses and validates policy JSON text; never throws on bad input. */
export function loadPolicy(text: string, file: string): LoadedPolicy {
  const doc = parseJson(text, file);
  if (doc.findings.length > 0) return { policy: undefined, file, lines: doc.lines, findings: doc.findings };
  return checkPolicy(doc.value, file, doc.lines);
}

/** Like loadPolicy, but bad input throws POLICY_INVALID listing each finding as path:line. */
export function parsePolicy(text: string, file: string): ReadonlyPolicy {
  const loaded = loadPolicy(text, file);
  if (loaded.policy) return loaded.policy;
  throw new CopilotError('POLICY_INVALID', `${file} is not a valid policy:\n${loaded.findings
    .map((f) => `  ${f.path}:${f.line}: ${f.rule}: ${f.message}`).join('\n')}`, { hint: 'fix the policy and run `migration-copilot validate` again' });
}

/** policy_version: sha256 hex of the canonical JSON (RFC 8785) of the policy in force. */
export function policyVersion(policy: ReadonlyPolicy | Policy): string {
  return canonicalDigest(policy);
}

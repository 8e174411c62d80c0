// The plan's risk level as the policy grades it: by the most sensitive data its copy steps move, each
// column classified by the policy's pii rules (policy.pii.rules, name patterns) or by the profile's own
// classification. high: sensitive, financial, health or credential data; medium: personal data; low: none.
// Pure.
import type { MigrationContext } from '../../core/repo/index.js';
import type { ReadonlyPolicy } from '../../core/policy/index.js';

export type RiskLevel = 'low' | 'medium' | 'high';

export interface Risk {
  readonly level: RiskLevel;
  /** "main.customers.email (pii)", per classified column the plan copies. */
  readonly because: readonly string[];
}

const HIGH = new Set(['sensitive', 'financial', 'health', 'credential']);

interface Column { readonly name: string; readonly pii?: string }
interface Table { readonly name: string; readonly columns?: readonly Column[] }

/** `head`: the plan and its profile; `policy`: the base branch's policy in force. */
export function gradeRisk(head: MigrationContext, policy: ReadonlyPolicy | undefined): Risk {
  const steps = head.plan?.value?.steps ?? [];
  const copied = new Set(steps.map((s) => (s as { source_table?: string }).source_table).filter((t): t is string => typeof t === 'string'));
  const profile = head.discovery.find((a) => a.schema === 'profiling_report')?.value as { tables?: readonly Table[] } | undefined;
  const rules = (policy?.pii?.rules ?? []).map((r) => ({ re: new RegExp(r.pattern, 'i'), classification: r.classification }));
  const because: string[] = [];
  let level: RiskLevel = 'low';
  for (const table of profile?.tables ?? []) {
    if (!copied.has(table.name)) continue;
    for (const col of table.columns ?? []) {
      const classification = rules.find((r) => r.re.test(col.name))?.classification ?? col.pii;
      if (!classification || classification === 'none') continue;
      because.push(`${table.name}.${col.name} (${classification})`);
      if (HIGH.has(classification)) level = 'high';
      else if (level === 'low') level = 'medium';
    }
  }
  return { level, because };
}

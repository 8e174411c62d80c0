// ToleranceValidator: the plan states a tolerance for every metric the policy bounds, none looser than
// the policy's, and none rated less severe than the policy rates it.
import type { Finding } from '../schema/finding.js';
import { REPO_PATHS } from '../repo/paths.js';
import { findingAt, pointer } from './finding.js';
import { rulesContext, rulesOrigin } from './rules.js';
import type { Validator } from './types.js';

const SEVERITY_RANK: Readonly<Record<string, number>> = { Minor: 1, Major: 2, Critical: 3 };

export const toleranceValidator: Validator = {
  id: 'tolerance',
  version: '1.0.0',
  skip: (ctx, opts) => (ctx.plan?.value ? undefined : `${REPO_PATHS.plan} is ${ctx.plan ? 'invalid (see migration/schema)' : 'absent'}`)
    ?? (rulesContext(ctx, opts).policy.value ? undefined : `${rulesOrigin(opts)}${rulesContext(ctx, opts).policy.path} is invalid (see migration/schema)`),
  run(ctx, opts) {
    const rules = rulesContext(ctx, opts);
    const planTolerances = ctx.plan!.value!.tolerances as Readonly<Record<string, { max: number; severity?: string } | undefined>>;
    const policyTolerances = rules.policy.value!.tolerances as Readonly<Record<string, { max: number; severity: string }>>;
    const P = REPO_PATHS.plan;
    const out: Finding[] = [];
    for (const [metric, bound] of Object.entries(policyTolerances)) {
      const mine = planTolerances[metric];
      if (!mine) {
        out.push(findingAt(ctx, P, '/tolerances', 'tolerance/missing',
          `no tolerance for ${metric}; add "${metric}": { "max": ${bound.max} } (the policy allows at most ${bound.max})`));
        continue;
      }
      if (mine.max > bound.max) {
        out.push(findingAt(ctx, P, pointer('tolerances', metric, 'max'), 'tolerance/exceeds-policy',
          `${metric} max ${mine.max} exceeds the policy's ${bound.max} (${rulesOrigin(opts)}${rules.policy.path}); lower it to ${bound.max} or less`));
      }
      if (mine.severity !== undefined && SEVERITY_RANK[mine.severity]! < SEVERITY_RANK[bound.severity]!) {
        out.push(findingAt(ctx, P, pointer('tolerances', metric, 'severity'), 'tolerance/severity-weaker',
          `${metric} is rated ${mine.severity} but the policy rates it ${bound.severity}; use ${bound.severity} or remove severity`));
      }
    }
    return out;
  },
};

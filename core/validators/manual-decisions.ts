// ManualDecisionsValidator: every decision the agents left to people is resolved before signing, ids
// are unique, a resolution picks one of the offered options, and the mapping names only decisions that exist.
import type { Finding } from '../schema/finding.js';
import { REPO_PATHS } from '../repo/paths.js';
import { decisions } from './decisions.js';
import { findingAt, pointer } from './finding.js';
import type { Validator } from './types.js';

export const manualDecisionsValidator: Validator = {
  id: 'manual-decisions',
  version: '1.0.0',
  skip: (ctx) => (ctx.manualDecisions && !ctx.manualDecisions.value ? `${REPO_PATHS.manualDecisions} is invalid (see migration/schema)` : undefined),
  run(ctx) {
    const D = REPO_PATHS.manualDecisions;
    const out: Finding[] = [];
    const seen = new Map<string, number>();
    decisions(ctx).forEach((d, i) => {
      const subject = d.subject.column ? `${d.subject.table}.${d.subject.column}` : d.subject.table;
      const first = seen.get(d.id);
      if (first !== undefined) {
        out.push(findingAt(ctx, D, pointer('decisions', i, 'id'), 'manual-decisions/duplicate-id',
          `decision id ${d.id} is used again (first at /decisions/${first}); give each decision its own id`));
      } else seen.set(d.id, i);
      if (d.status === 'open') {
        out.push(findingAt(ctx, D, pointer('decisions', i, 'status'), 'manual-decisions/unresolved',
          `decision ${d.id} (${d.kind} on ${subject}) is open: ${d.question} Resolve it in this pull request (status: resolved, with a resolution) before signing`));
      } else if (d.resolution && d.options && d.options.length > 0 && !d.options.includes(d.resolution.choice)) {
        out.push(findingAt(ctx, D, pointer('decisions', i, 'resolution', 'choice'), 'manual-decisions/choice-not-an-option',
          `decision ${d.id}: choice "${d.resolution.choice}" is not one of its options (${d.options.join('; ')}); pick one or add it to options`));
      }
    });
    const mapping = ctx.mapping?.value;
    mapping?.tables.forEach((t, ti) => t.columns.forEach((c, ci) => {
      if (c.decision !== undefined && !seen.has(c.decision)) {
        out.push(findingAt(ctx, REPO_PATHS.mapping, pointer('tables', ti, 'columns', ci, 'decision'), 'manual-decisions/unknown-reference',
          `${t.source}.${c.source} names decision ${c.decision}, which ${D} does not contain; add it or correct the id`));
      }
    }));
    return out;
  },
};

// TypeCoercionValidator: every mapped column's source -> target type judged by the rulebook. Forbidden
// is refused; lossy needs a resolved manual decision; the cast must be the rulebook's; a pair the
// rulebook does not know needs a rule or a decision.
import type { Finding } from '../schema/finding.js';
import { lookupCoercion, sameCast } from '../policy/rulebook.js';
import { REPO_PATHS } from '../repo/paths.js';
import { decisionFor } from './decisions.js';
import { findingAt, pointer } from './finding.js';
import type { Validator } from './types.js';

const RULEBOOK = 'policies/type_coercion_rulebook.json';

export const typeCoercionValidator: Validator = {
  id: 'type-coercion',
  version: '1.0.0',
  skip: (ctx) => (ctx.mapping?.value ? undefined : `${REPO_PATHS.mapping} is ${ctx.mapping ? 'invalid (see migration/schema)' : 'absent'}`),
  run(ctx) {
    const mapping = ctx.mapping!.value!;
    const M = REPO_PATHS.mapping;
    const out: Finding[] = [];
    mapping.tables.forEach((table, ti) => {
      table.columns.forEach((col, ci) => {
        const at = (field: string) => pointer('tables', ti, 'columns', ci, field);
        const name = `${table.source}.${col.source}`;
        const pair = `${mapping.source_engine} ${col.source_type} -> ${mapping.target_engine} ${col.target_type}`;
        const add = (field: string, rule: string, message: string, severity: 'error' | 'warning' = 'error') =>
          out.push(findingAt(ctx, M, at(field), `type-coercion/${rule}`, message, severity));
        const link = decisionFor(ctx, table, col);
        const resolved = link.decision?.status === 'resolved' ? link.decision : undefined;
        const coercion = lookupCoercion(ctx.rulebook,
          { engine: mapping.source_engine, type: col.source_type }, { engine: mapping.target_engine, type: col.target_type });

        if (!coercion) {
          if (resolved) {
            add('target_type', 'unknown-pair', `${name}: no rulebook entry for ${pair}; accepted by manual decision ${resolved.id}`, 'warning');
          } else {
            add('target_type', 'unknown-pair', `${name}: no rulebook entry for ${pair}; add a rule to ${RULEBOOK} or record a manual decision in ${REPO_PATHS.manualDecisions} and name it with "decision:"`);
          }
          return;
        }
        const { entry } = coercion;
        if (col.rule !== undefined && col.rule !== entry.id) {
          add('rule', 'rule-mismatch', `${name}: names rule "${col.rule}" but the rulebook's first matching entry for ${pair} is "${entry.id}"; set rule: ${entry.id}`);
        }
        if (entry.verdict === 'forbidden') {
          add('target_type', 'forbidden', `${name}: ${pair} is forbidden by rule ${entry.id} (${entry.note}); choose another target type`);
        } else if (entry.verdict === 'lossy' && !resolved) {
          const why = link.unknownId ? `decision ${link.unknownId} does not exist`
            : link.decision ? `decision ${link.decision.id} is still open` : 'no manual decision accepts it';
          add('target_type', 'lossy-unresolved', `${name}: ${pair} is lossy by rule ${entry.id} (${entry.note}) and ${why}; resolve a manual decision for this column or choose a safe target type`);
        }
        if (coercion.cast !== undefined) {
          if (col.cast === undefined) {
            add('target_type', 'cast-missing', `${name}: rule ${entry.id} requires cast "${coercion.cast}"; add cast: "${coercion.cast}"`);
          } else if (!sameCast(col.cast, coercion.cast)) {
            add('cast', 'cast-mismatch', `${name}: cast "${col.cast}" differs from rule ${entry.id}'s "${coercion.cast}"; use the rule's cast or record a manual decision and change the rulebook`);
          }
        } else if (col.cast !== undefined) {
          add('cast', 'cast-unexpected', `${name}: rule ${entry.id} needs no cast, yet the mapping casts with "${col.cast}"; remove it unless a model relies on it`, 'warning');
        }
      });
    });
    return out;
  },
};

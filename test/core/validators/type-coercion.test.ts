import { describe, it } from 'vitest';
import { typeCoercionValidator } from '../../../core/validators/index.js';
import { check, decisionsWith, open, resolved, type Case } from './cases.js';

const M = 'contracts/schema_mapping.yml';
const D = 'contracts/manual_decisions_required.json';
const amount = 'source_type: "DECIMAL(12,2)", target_type: "DECIMAL(12,2)", rule: duck-duck.decimal';
const narrowed = 'source_type: "DECIMAL(12,2)", target_type: "DECIMAL(10,2)"';
const ordered = '{ source: ordered_at, target: ordered_at, source_type: TIMESTAMP, target_type: TIMESTAMP, rule: duck-duck.timestamp }';
const orderedTz = (cast: string) => `{ source: ordered_at, target: ordered_at, source_type: TIMESTAMP WITH TIME ZONE, target_type: TIMESTAMP${cast} }`;

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'forbidden pair', edits: [[M, 'source: status, target: status, source_type: VARCHAR, target_type: VARCHAR, rule: duck-duck.varchar', 'source: status, target: status, source_type: VARCHAR, target_type: DATE']],
    expect: [[M, 'source: status', 'type-coercion/forbidden', 'error', /forbidden by rule duck-duck\.varchar\.3/]] },
  { name: 'lossy without a decision', edits: [[M, amount, narrowed]],
    expect: [[M, 'source: amount', 'type-coercion/lossy-unresolved', 'error', /no manual decision accepts it/]] },
  { name: 'lossy with an open decision', edits: [[M, amount, narrowed]], extra: { [D]: decisionsWith(open('md-002', 'main.orders', 'amount')) },
    expect: [[M, 'source: amount', 'type-coercion/lossy-unresolved', 'error', /decision md-002 is still open/]] },
  { name: 'lossy naming a decision that does not exist', edits: [[M, amount, `${narrowed}, decision: md-009`]],
    expect: [[M, 'source: amount', 'type-coercion/lossy-unresolved', 'error', /decision md-009 does not exist/]] },
  { name: 'lossy accepted by a resolved decision (by subject)', edits: [[M, amount, narrowed]], extra: { [D]: decisionsWith(resolved('md-002', 'main.orders', 'amount')) },
    expect: [] },
  { name: 'lossy accepted by a resolved decision (by id)', edits: [[M, amount, `${narrowed}, decision: md-002`]], extra: { [D]: decisionsWith(resolved('md-002', 'main.other', 'x')) },
    expect: [] },
  { name: 'unknown pair', edits: [[M, 'source: note, target: note, source_type: VARCHAR, target_type: VARCHAR, rule: duck-duck.varchar', 'source: note, target: note, source_type: VARCHAR, target_type: INTEGER']],
    expect: [[M, 'source: note', 'type-coercion/unknown-pair', 'error', /add a rule to policies\/type_coercion_rulebook\.json or record a manual decision/]] },
  { name: 'unknown pair accepted by a resolved decision', edits: [[M, 'source: note, target: note, source_type: VARCHAR, target_type: VARCHAR, rule: duck-duck.varchar', 'source: note, target: note, source_type: VARCHAR, target_type: INTEGER']],
    extra: { [D]: decisionsWith(resolved('md-002', 'main.orders', 'note')) },
    expect: [[M, 'source: note', 'type-coercion/unknown-pair', 'warning', /accepted by manual decision md-002/]] },
  { name: 'cast missing', edits: [[M, ordered, orderedTz('')]], extra: { [D]: decisionsWith(resolved('md-002', 'main.orders', 'ordered_at')) },
    expect: [[M, 'source: ordered_at', 'type-coercion/cast-missing', 'error', /requires cast "timezone\('UTC', \{col\}\)"/]] },
  { name: 'cast mismatch', edits: [[M, ordered, orderedTz(', cast: "CAST({col} AS TIMESTAMP)"')]], extra: { [D]: decisionsWith(resolved('md-002', 'main.orders', 'ordered_at')) },
    expect: [[M, 'source: ordered_at', 'type-coercion/cast-mismatch']] },
  { name: 'cast matches regardless of case and spacing', edits: [[M, ordered, orderedTz(', cast: "TIMEZONE( \'UTC\',{col} )"')]], extra: { [D]: decisionsWith(resolved('md-002', 'main.orders', 'ordered_at')) },
    expect: [] },
  { name: 'cast where none is needed', edits: [[M, 'source: order_id, target: order_id, source_type: BIGINT, target_type: BIGINT, rule: duck-duck.bigint', 'source: order_id, target: order_id, source_type: BIGINT, target_type: BIGINT, rule: duck-duck.bigint, cast: "CAST({col} AS BIGINT)"']],
    expect: [[M, 'source: order_id', 'type-coercion/cast-unexpected', 'warning']] },
  { name: 'rule mismatch', edits: [[M, 'source: order_id, target: order_id, source_type: BIGINT, target_type: BIGINT, rule: duck-duck.bigint', 'source: order_id, target: order_id, source_type: BIGINT, target_type: BIGINT, rule: duck-duck.integer']],
    expect: [[M, 'source: order_id', 'type-coercion/rule-mismatch', 'error', /first matching entry .* is "duck-duck\.bigint"/]] },
];

describe('TypeCoercionValidator', () => {
  it.each(cases)('$name', (c) => check(typeCoercionValidator, c));
});

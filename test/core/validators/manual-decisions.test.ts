import { describe, it } from 'vitest';
import { manualDecisionsValidator } from '../../../core/validators/index.js';
import { check, decisionsWith, open, resolved, type Case } from './cases.js';

const D = 'contracts/manual_decisions_required.json';
const M = 'contracts/schema_mapping.yml';

const cases: Case[] = [
  { name: 'the demo passes', expect: [] },
  { name: 'no decisions file at all', extra: { [D]: undefined, [M]: undefined }, expect: [] },
  { name: 'an open decision blocks', extra: { [D]: decisionsWith(open('md-002', 'main.orders', 'amount')) },
    expect: [[D, '"status": "open"', 'manual-decisions/unresolved', 'error', /decision md-002 \(lossy_cast on main\.orders\.amount\) is open/]] },
  { name: 'duplicate ids', extra: { [D]: decisionsWith(resolved('md-001', 'main.orders', 'amount')) }, expect: [[D, '"id": "md-001"#2', 'manual-decisions/duplicate-id']] },
  { name: 'a choice that is not an option', edits: [[D, '"choice": "migrate unmasked"', '"choice": "migrate as is"']], expect: [[D, '"choice"', 'manual-decisions/choice-not-an-option']] },
  { name: 'the mapping names a decision that does not exist', edits: [[M, 'decision: md-001 }\n      - { source: full_name', 'decision: md-404 }\n      - { source: full_name']],
    expect: [[M, 'md-404', 'manual-decisions/unknown-reference']] },
];

describe('ManualDecisionsValidator', () => {
  it.each(cases)('$name', (c) => check(manualDecisionsValidator, c));
});

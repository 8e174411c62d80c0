// Loading a policy, policy_version, required roles and the transitions up to a target.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../core/json/canonical.js';
import {
  DEFAULT_POLICY, loadPolicy, parsePolicy, policyVersion, requiredApprovalsUpTo, requiredRoles, transitionsUpTo,
} from '../../core/policy/index.js';

const text = readFileSync(join(import.meta.dirname, '..', '..', 'policies', 'policy.json'), 'utf8');
const edit = (f: (p: Record<string, unknown>) => void) => {
  const p = JSON.parse(text) as Record<string, unknown>;
  f(p);
  return JSON.stringify(p, null, 2);
};

describe('loadPolicy', () => {
  it('loads the default policy, frozen', () => {
    const loaded = loadPolicy(text, 'policies/policy.json');
    expect(loaded.findings).toEqual([]);
    expect(loaded.policy).toEqual(DEFAULT_POLICY);
    expect(Object.isFrozen(loaded.policy!.approvals)).toBe(true);
  });

  it.each([
    ['a bad transition key', edit((p) => { (p.approvals as Record<string, string[]>)['PLANNED->CREATED'] = ['x']; }), 'policy/transition', /"PLANNED->CREATED" is not a lifecycle transition/, '"PLANNED->CREATED"'],
    ['a regex that does not compile', edit((p) => { ((p.pii as { rules: { pattern: string }[] }).rules[0]!).pattern = '(['; }), 'policy/regex', /does not compile/, '"(["'],
    ['delays out of order', edit((p) => { (p.retry as Record<string, number>).base_delay_ms = 60000; }), 'policy/retry', /exceeds max_delay_ms/, '60000'],
    ['a schema violation', edit((p) => { delete p.sampling; }), 'schema/required', /missing required property "sampling"/, '{'],
    ['a syntax error', `${text.trimEnd().slice(0, -2)},\n}`, 'parse/json', /trailing comma/, '}'],
  ])('reports %s', (_l, input, rule, message, marker) => {
    const loaded = loadPolicy(input, '.migration/policy.json');
    expect(loaded.policy).toBeUndefined();
    expect(loaded.findings.map((f) => f.rule)).toEqual([rule]);
    expect(loaded.findings[0]!.message).toMatch(message);
    const lines = input.split('\n');
    const expectedLine = marker === '}' ? lines.length : lines.findIndex((l) => l.includes(marker)) + 1;
    expect(loaded.findings[0]!.line).toBe(expectedLine);
  });

  it('parsePolicy throws POLICY_INVALID naming file and line', () => {
    expect(() => parsePolicy(edit((p) => { p.colour = 1; }), '.migration/policy.json'))
      .toThrow(expect.objectContaining({ code: 'POLICY_INVALID', message: expect.stringMatching(/\.migration\/policy\.json:\d+: schema\/additionalProperties/) }));
  });
});

describe('policyVersion', () => {
  it('is the sha256 of the canonical JSON and ignores formatting and key order', () => {
    const v = policyVersion(DEFAULT_POLICY);
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(v).toBe(canonicalDigest(JSON.parse(text)));
    const reordered = Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse());
    expect(policyVersion(parsePolicy(JSON.stringify(reordered), 'x.json'))).toBe(v);
    expect(policyVersion(parsePolicy(edit((p) => { p.version = '1.0.1'; }), 'x.json'))).not.toBe(v);
  });
});

describe('requiredRoles / transitionsUpTo', () => {
  it.each([
    ['PLAN_DRAFTED->PLANNED', ['tech_lead']],
    ['PLANNED->EXECUTED', ['data_owner', 'security']],
    ['CUTOVER_READY->CUTOVER_DONE', ['release_manager', 'data_owner']],
    ['CREATED->DISCOVERED', []],
  ])('%s needs %j', (t, roles) => {
    expect(requiredRoles(DEFAULT_POLICY, t)).toEqual(roles);
  });

  it.each([
    ['PLANNED->EXECUTED', ['CREATED->DISCOVERED', 'DISCOVERED->PLAN_DRAFTED', 'PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED']],
    ['EXECUTED', ['CREATED->DISCOVERED', 'DISCOVERED->PLAN_DRAFTED', 'PLAN_DRAFTED->PLANNED', 'PLANNED->EXECUTED']],
    ['CREATED->DISCOVERED', ['CREATED->DISCOVERED']],
  ])('transitionsUpTo(%s)', (target, expected) => {
    expect(transitionsUpTo(target)).toEqual(expected);
  });

  it.each(['CREATED', 'FAILED', 'PLANNED->CREATED', 'nonsense'])('transitionsUpTo(%s) refuses', (target) => {
    expect(() => transitionsUpTo(target)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('lists every approval up to PLANNED->EXECUTED', () => {
    expect(requiredApprovalsUpTo(DEFAULT_POLICY, 'PLANNED->EXECUTED')).toEqual([
      { transition: 'PLAN_DRAFTED->PLANNED', role: 'tech_lead' },
      { transition: 'PLANNED->EXECUTED', role: 'data_owner' },
      { transition: 'PLANNED->EXECUTED', role: 'security' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { CopilotError } from '../../../core/errors.js';
import { runValidators, VALIDATORS, type Validator } from '../../../core/validators/index.js';
import { contextWith } from './repo.js';

describe('runValidators', () => {
  it('runs every validator on the demo: all pass, approvals and signed-plan skipped with reasons', () => {
    const run = runValidators(contextWith());
    expect(run.status).toBe('pass');
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ['schema', 'pass'], ['type-coercion', 'pass'], ['hashing', 'pass'], ['sampling', 'pass'], ['tolerance', 'pass'], ['manual-decisions', 'pass'],
    ]);
    expect(run.skipped.map((s) => s.id)).toEqual(['approvals', 'signed-plan']);
  });

  it('lists the check runs of the design', () => {
    expect(VALIDATORS.map((v) => `migration/${v.id}`)).toEqual([
      'migration/schema', 'migration/type-coercion', 'migration/hashing', 'migration/sampling', 'migration/tolerance',
      'migration/manual-decisions', 'migration/approvals', 'migration/signed-plan',
    ]);
  });

  it('runs only the validators asked for', () => {
    expect(runValidators(contextWith(), { only: ['tolerance'] }).results.map((r) => r.id)).toEqual(['tolerance']);
  });

  it('skips validators whose input is invalid instead of passing them', () => {
    const run = runValidators(contextWith([['plans/migration_plan.json', '"version": 1,', '"version": "one",']]));
    expect(run.status).toBe('fail');
    expect(run.skipped.map((s) => [s.id, s.reason])).toEqual(expect.arrayContaining([
      ['hashing', 'plans/migration_plan.json is invalid (see migration/schema)'],
      ['sampling', 'plans/migration_plan.json is invalid (see migration/schema)'],
    ]));
  });

  it.each([
    ['a CopilotError', () => { throw new CopilotError('IO_FAILED', 'disk gone'); }, /disk gone/],
    ['a TypeError', () => { throw new TypeError('x is undefined'); }, /x is undefined/],
  ])('turns %s into status error, never pass or fail', (_l, thrower, message) => {
    const broken: Validator = { id: 'broken', version: '0.0.1', run: thrower };
    const run = runValidators(contextWith(), {}, [broken]);
    expect(run.status).toBe('error');
    expect(run.results[0]).toMatchObject({ id: 'broken', status: 'error', findings: [{ rule: 'broken/internal', severity: 'error' }] });
    expect(run.results[0]!.findings[0]!.message).toMatch(message);
  });

  it('reports fail over error when both occur', () => {
    const broken: Validator = { id: 'broken', version: '0.0.1', run: () => { throw new Error('boom'); } };
    const no: Validator = { id: 'no', version: '0.0.1', run: () => [{ path: 'x', line: 1, pointer: '', rule: 'no/no', severity: 'error', message: 'no' }] };
    expect(runValidators(contextWith(), {}, [broken, no]).status).toBe('fail');
  });

  it('a warning alone passes', () => {
    const warn: Validator = { id: 'warn', version: '0.0.1', run: () => [{ path: 'x', line: 1, pointer: '', rule: 'warn/w', severity: 'warning', message: 'hm' }] };
    expect(runValidators(contextWith(), {}, [warn]).results[0]!.status).toBe('pass');
  });
});

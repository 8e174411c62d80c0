// The approvals record: checked against its schema (findings name line and pointer), then turned
// into the inputs of the approval rules.
import { describe, expect, it } from 'vitest';
import {
  approvalsInputFromRecord, checkApprovalsRecord, parseApprovalsRecord, recordScope,
} from '../../../core/approvals/record.js';
import { evaluateApprovalsUpTo } from '../../../core/approvals/evaluate.js';
import { CopilotError } from '../../../core/errors.js';
import { HEAD, PLAN_SHA, POLICY, ROLES } from './fixtures.js';

const RECORD = {
  repository: 'acme/mig', pull_number: 7, base_ref: 'main', head_sha: HEAD, author: 'carol',
  changed_files: ['plans/migration_plan.json'], plan_sha256: PLAN_SHA,
  reviews: [
    { id: 1, user: 'alice', state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-27T10:00:00Z' },
    { id: 2, user: 'dora', state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-27T10:01:00Z' },
    { id: 3, user: 'sam', state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-27T10:02:00Z' },
  ],
  teams: { 'acme/data-leads': ['lee'] },
  codeowners: '* @alice\n',
};

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('approvals record', () => {
  it('loads a valid record, read-only, and builds the inputs of the rules', () => {
    const record = parseApprovalsRecord(text(RECORD), 'approvals.json');
    expect(Object.isFrozen(record.reviews[0])).toBe(true);
    expect(recordScope(record)).toBe(`acme/mig#7@${HEAD}`);
    const inputs = approvalsInputFromRecord(record, { roles: ROLES, policy: POLICY });
    expect(inputs.codeowners?.ownersOf('plans/migration_plan.json').owners.map((o) => o.text)).toEqual(['@alice']);
    const result = evaluateApprovalsUpTo('PLAN_DRAFTED', 'EXECUTED', inputs);
    expect(result.satisfied).toBe(true);
    expect(result.approvals.every((a) => a.scope === `acme/mig#7@${HEAD}` && a.sha256_of_reviewed === PLAN_SHA)).toBe(true);
  });

  it('accepts a repository without CODEOWNERS and a review whose commit is unknown', () => {
    const record = parseApprovalsRecord(text({ ...RECORD, codeowners: null, reviews: [{ ...RECORD.reviews[0], commit_id: null }] }), 'a.json');
    expect(approvalsInputFromRecord(record, { roles: ROLES, policy: POLICY }).codeowners).toBeNull();
  });

  // Each row: what is wrong, the record, the pointer of the finding, and text on the line it must name.
  it.each([
    ['a review state GitHub does not have', { ...RECORD, reviews: [{ ...RECORD.reviews[0], state: 'LGTM' }] }, '/reviews/0/state', '"LGTM"'],
    ['a short head sha', { ...RECORD, head_sha: 'abc1234' }, '/head_sha', '"head_sha"'],
    ['an unknown property', { ...RECORD, merged: true }, '/merged', '"merged"'],
    ['a missing property', (({ author: _a, ...r }) => r)(RECORD), '', '{'],
    ['a bad submitted_at', { ...RECORD, reviews: [{ ...RECORD.reviews[0], submitted_at: 'yesterday' }] }, '/reviews/0/submitted_at', '"yesterday"'],
    ['a team key that is not org/team', { ...RECORD, teams: { leads: ['x'] } }, '/teams/leads', '"leads"'],
    ['a negative pull number', { ...RECORD, pull_number: -1 }, '/pull_number', '"pull_number"'],
  ])('reports %s with its pointer and line', (_name, value, pointer, onLine) => {
    const source = text(value);
    const checked = checkApprovalsRecord(source, 'approvals.json');
    expect(checked.record).toBeUndefined();
    const finding = checked.findings.find((f) => f.pointer === pointer);
    expect(finding, JSON.stringify(checked.findings)).toBeDefined();
    expect(finding!.path).toBe('approvals.json');
    expect(finding!.line).toBe(source.split('\n').findIndex((l) => l.includes(onLine)) + 1);
  });

  it('reports broken JSON with its line, and throws SCHEMA_INVALID listing the findings', () => {
    const broken = '{\n  "repository": "acme/mig",\n  "pull_number": 7,,\n}\n';
    expect(checkApprovalsRecord(broken, 'a.json').findings[0]).toMatchObject({ line: 3, rule: 'parse/json' });
    try {
      parseApprovalsRecord(broken, 'a.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CopilotError);
      expect((e as CopilotError).code).toBe('SCHEMA_INVALID');
      expect((e as CopilotError).exitCode).toBe(2);
      expect((e as CopilotError).message).toContain('a.json:3');
    }
  });
});

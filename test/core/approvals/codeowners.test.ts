// The CODEOWNERS rule: every changed file needs an approval from one of its owners (last matching
// pattern of the base branch's file; teams through membership).
import { describe, expect, it } from 'vitest';
import { evaluateApprovals } from '../../../core/approvals/evaluate.js';
import { parseCodeowners } from '../../../core/codeowners/parse.js';
import type { ApprovalsInput, Review } from '../../../core/approvals/types.js';
import { input, OLD, review } from './fixtures.js';

interface Row {
  name: string;
  reviews: Review[];
  over?: Partial<ApprovalsInput>;
  /** file -> [status, approved_by?] */
  files: Record<string, [string, string?]>;
  warning?: string;
}

const ALICE = () => review('alice', 'APPROVED', 2); // fills tech_lead, owns everything outside plans/

const ROWS: Row[] = [
  {
    name: 'a member of the owning team approves', reviews: [ALICE(), review('olga', 'APPROVED', 3)],
    files: { 'plans/migration_plan.json': ['approved', 'alice'] },
  },
  {
    name: 'the role holder is also a code owner: one approval does both', reviews: [ALICE()],
    files: { 'plans/migration_plan.json': ['approved', 'alice'] },
  },
  {
    name: 'nobody who owns the file approved', reviews: [review('lee', 'APPROVED', 3)],
    over: { changedFiles: ['README.md'] }, files: { 'README.md': ['missing'] },
  },
  {
    name: 'each changed file is judged by its own last matching pattern',
    reviews: [review('lee', 'APPROVED', 3)], over: { changedFiles: ['plans/migration_plan.json', 'README.md'] },
    files: { 'plans/migration_plan.json': ['approved', 'lee'], 'README.md': ['missing'] },
  },
  {
    name: 'a stale owner approval does not count',
    reviews: [review('olga', 'APPROVED', 3, OLD), review('lee', 'APPROVED', 4)],
    over: { codeowners: parseCodeowners('/plans/ @olga') }, files: { 'plans/migration_plan.json': ['missing'] },
  },
  {
    name: 'an owner who is the author does not count',
    reviews: [review('olga', 'APPROVED', 3), ALICE()],
    over: { author: 'olga', codeowners: parseCodeowners('/plans/ @olga') }, files: { 'plans/migration_plan.json': ['missing'] },
  },
  {
    name: 'an owner whose latest review requests changes does not count',
    reviews: [review('olga', 'APPROVED', 3), review('olga', 'CHANGES_REQUESTED', 4), ALICE()],
    over: { codeowners: parseCodeowners('/plans/ @olga') }, files: { 'plans/migration_plan.json': ['missing'] },
  },
  {
    name: 'a file whose ownership a later ownerless line removed needs no owner',
    reviews: [ALICE()], over: { codeowners: parseCodeowners('* @olga\n/plans/'), changedFiles: ['plans/x.json'] },
    files: { 'plans/x.json': ['no_owners'] },
  },
  {
    name: 'a file no pattern matches needs no owner',
    reviews: [ALICE()], over: { codeowners: parseCodeowners('/docs/ @olga'), changedFiles: ['plans/x.json'] },
    files: { 'plans/x.json': ['no_owners'] },
  },
  {
    name: 'without a CODEOWNERS file no file needs an owner',
    reviews: [ALICE()], over: { codeowners: null, changedFiles: ['a', 'b/c'] }, files: { a: ['no_owners'], 'b/c': ['no_owners'] },
  },
  {
    name: 'an email owner cannot be matched to a login',
    reviews: [ALICE(), review('dora', 'APPROVED', 3)],
    over: { codeowners: parseCodeowners('/plans/ dora@example.com') }, files: { 'plans/migration_plan.json': ['missing'] },
    warning: 'dora@example.com is an email address',
  },
  {
    name: 'a team the record has no members for cannot approve',
    reviews: [ALICE(), review('olga', 'APPROVED', 3)],
    over: { codeowners: parseCodeowners('/plans/ @acme/ghosts') }, files: { 'plans/migration_plan.json': ['missing'] },
    warning: 'team acme/ghosts has no member list',
  },
  {
    name: 'malformed CODEOWNERS lines are warnings with their line, and are skipped',
    reviews: [ALICE()], over: { codeowners: parseCodeowners('* @alice\n/plans/ @olga @@bad') },
    files: { 'plans/migration_plan.json': ['approved', 'alice'] }, warning: 'CODEOWNERS:2:',
  },
  {
    name: 'any one of several owners is enough',
    reviews: [ALICE(), review('sam', 'APPROVED', 3)],
    over: { codeowners: parseCodeowners('/plans/ @olga @sam'), changedFiles: ['plans/x.json'] },
    files: { 'plans/x.json': ['approved', 'sam'] },
  },
];

describe('evaluateApprovals: CODEOWNERS', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const result = evaluateApprovals(input({ reviews: row.reviews, ...row.over }));
    const got = Object.fromEntries(result.codeowners.map((c) => [c.file, c.approved_by ? [c.status, c.approved_by] : [c.status]]));
    expect(got).toEqual(row.files);
    const rolesOk = result.roles.every((r) => r.status === 'filled');
    const filesOk = Object.values(row.files).every(([status]) => status !== 'missing');
    expect(result.satisfied).toBe(rolesOk && filesOk);
    for (const [file, [status]] of Object.entries(row.files)) {
      expect(result.reasons.some((r) => r.startsWith(`${file}: none of its code owners`))).toBe(status === 'missing');
    }
    if (row.warning) expect(result.warnings.join('\n')).toContain(row.warning);
  });

  it('names the owners and the deciding CODEOWNERS line', () => {
    const result = evaluateApprovals(input({ reviews: [ALICE()], codeowners: parseCodeowners('# x\n/plans/ @olga @acme/plan-owners') ,
      author: 'alice' }));
    expect(result.codeowners).toEqual([{
      file: 'plans/migration_plan.json', owners: ['@olga', '@acme/plan-owners'], status: 'missing', line: 2,
      candidates_rejected: [{ user: 'alice', reason: 'author cannot approve own PR' }],
    }]);
    expect(result.reasons).toContain('plans/migration_plan.json: none of its code owners (@olga, @acme/plan-owners) ' +
      'approved head def5678 (CODEOWNERS line 2; alice: author cannot approve own PR)');
  });

  it('says why each owner who reviewed does not count', () => {
    const result = evaluateApprovals(input({
      reviews: [ALICE(), review('olga', 'APPROVED', 3, OLD), review('lee', 'DISMISSED', 4), review('sam', 'APPROVED', 5)],
      codeowners: parseCodeowners('/plans/ @olga @lee'),
    }));
    const rejected = result.codeowners[0]!.candidates_rejected!;
    expect(rejected.map((c) => c.user)).toEqual(['olga', 'lee']);
    expect(rejected[0]!.reason).toBe('stale: reviewed abc1234, head is def5678');
    expect(rejected[1]!.reason).toMatch(/^dismissed: review #\d+ was dismissed$/);
    expect(result.satisfied).toBe(false);
  });
});

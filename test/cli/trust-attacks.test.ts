// The attacks on the trust model (issue: close the holes), each through the real entry point on a real git
// repository: the default branch is `origin`, the pull request is a clone with a commit on top. Each case
// got through before the fix; each must now be refused, write nothing, and say why.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/json/canonical.js';
import {
  approvalsRecord, cli, commitHead, copyRepo, git, makeRepo, newKey, removeRepos, review, writeRecord, type TestRepo,
} from './sign-fixtures.js';

const key = newKey('ed25519', 'plan-key');
afterAll(removeRepos);

const signedDir = (r: TestRepo) => join(r.repo, 'plans/signed');
const listSigned = (r: TestRepo) => (existsSync(signedDir(r)) ? readdirSync(signedDir(r)).sort() : []);
const sign = (r: TestRepo, ...extra: string[]) => cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile, ...extra);
const planOf = (r: TestRepo) => readFileSync(join(r.repo, 'plans/migration_plan.json'), 'utf8');

function editYaml(file: string, change: (v: Record<string, any>) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const v = parse(readFileSync(file, 'utf8'));
  change(v);
  writeFileSync(file, stringify(v));
}
function editJson(file: string, change: (v: Record<string, any>) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const v = JSON.parse(readFileSync(file, 'utf8'));
  change(v);
  writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
}

describe('rules come from the base branch, never from the pull request', () => {
  it('refuses to sign a pull request that relaxes the policy to the approvals it has', async () => {
    const r = await makeRepo(key);
    editJson(join(r.repo, '.migration/policy.json'), (p) => { p.approvals = { 'PLAN_DRAFTED->PLANNED': ['tech_lead'] }; });
    await commitHead(r, approvalsRecord(planOf(r), [review(1, 'alice')]));
    const run = await sign(r);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('this pull request changes .migration/policy.json');
    expect(run.stderr).toMatch(/PLANNED->EXECUTED: role data_owner is missing/);
    expect(listSigned(r)).toEqual([]);
  });

  it('refuses to sign a pull request that puts its own people in the roles', async () => {
    const r = await makeRepo(key);
    editYaml(join(r.repo, '.migration/config.yml'), (c) => { c.roles.data_owner = { users: ['mallory'] }; c.roles.security = { users: ['trudy'] }; });
    await commitHead(r, approvalsRecord(planOf(r), [review(1, 'alice'), review(2, 'mallory'), review(3, 'trudy')]));
    const run = await sign(r);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('this pull request changes .migration/config.yml');
    expect(run.stderr).toMatch(/role data_owner is missing \(.*mallory: not a member of role data_owner/);
    expect(listSigned(r)).toEqual([]);
  });

  it('refuses to sign without a base branch to read the rules from', async () => {
    const r = await makeRepo(key);
    git(r.repo, 'remote', 'remove', 'origin');
    const run = await sign(r);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--base is required: roles, the policy and signer trust come from the base branch/);
    expect((await sign(r, '--base', r.origin)).code).toBe(0);
  });

  it('refuses a signing key that only the pull request trusts', async () => {
    const mine = newKey('ed25519', 'pr-key');
    const r = await makeRepo(mine, [key]);
    editYaml(join(r.repo, '.migration/config.yml'), (c) => {
      c.signers.keys.push({ id: mine.id, algorithm: mine.algorithm, public_key: mine.publicPem });
    });
    await commitHead(r);
    const run = await sign(r);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not in signers\.keys of the base branch's \.migration\/config\.yml/);
    expect(listSigned(r)).toEqual([]);
  });

  it('validate --base: a policy change needs the base policy\'s policy_change roles', async () => {
    const r = await makeRepo(key);
    editJson(join(r.repo, '.migration/policy.json'), (p) => { p.approvals['PLANNED->EXECUTED'] = ['data_owner']; });
    await commitHead(r, { ...approvalsRecord(planOf(r), [review(1, 'alice'), review(2, 'dora')]), changed_files: ['.migration/policy.json'] });
    const run = await cli('validate', '--repo', r.repo, '--base', r.origin, '--approvals', r.approvalsFile, '--only', 'approvals');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/approvals\/role-missing: policy_change: role security is missing .*\(this pull request changes \.migration\/policy\.json\)/);
  });
});

describe('the lifecycle state comes from the base branch', () => {
  it('validate --base: a pull request that jumps to CUTOVER_DONE is a finding and still needs the roles of the state in force', async () => {
    const r = await makeRepo(key);
    editJson(join(r.repo, 'project.json'), (p) => { p.state = 'CUTOVER_DONE'; });
    await commitHead(r, { ...approvalsRecord(planOf(r), [review(1, 'alice')]), changed_files: ['project.json'], teams: { 'acme/data-leads': ['alice'] } });
    const run = await cli('validate', '--repo', r.repo, '--base', r.origin, '--approvals', r.approvalsFile, '--only', 'approvals');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^project\.json:\d+: approvals\/state-change: project\.json moves the state from PLAN_DRAFTED \(base branch\) to CUTOVER_DONE/m);
    expect(run.stdout).toMatch(/PLANNED->EXECUTED: role data_owner is missing/);
  });

  it('validate --base: one forward step is allowed, with its roles', async () => {
    const r = await makeRepo(key);
    editJson(join(r.repo, 'project.json'), (p) => { p.state = 'PLANNED'; });
    await commitHead(r, { ...approvalsRecord(planOf(r)), changed_files: ['project.json'] });
    const run = await cli('validate', '--repo', r.repo, '--base', r.origin, '--approvals', r.approvalsFile, '--only', 'approvals');
    expect(run.stdout).not.toContain('state-change');
    expect(run.code).toBe(0);
  });
});

describe('the SignedPlan covers everything the runner reads', () => {
  let signed: TestRepo;
  const signedRepo = async () => {
    if (!signed) {
      signed = await makeRepo(key);
      const run = await sign(signed);
      expect(run.code, run.stderr).toBe(0);
    }
    return copyRepo(signed);
  };

  it.each<[string, (repo: string) => void, RegExp]>([
    ['a mapping column dropped after signing', (repo) => {
      const file = join(repo, 'contracts/schema_mapping.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\s+- \{ source: email[^\n]*/, ''));
    }, /contracts\/schema_mapping\.yml changed after signing/],
    ['an open manual decision added after signing', (repo) => {
      editJson(join(repo, 'contracts/manual_decisions_required.json'), (d) => { d.decisions = [...(d.decisions ?? []), { id: 'late' }]; });
    }, /contracts\/manual_decisions_required\.json changed after signing/],
    ['a discovery snapshot edited after signing', (repo) => {
      editJson(join(repo, 'discovery/discovery_report.json'), (d) => { d.tables[0].columns.pop(); });
    }, /discovery\/discovery_report\.json changed after signing/],
    ['a model added after signing', (repo) => {
      mkdirSync(join(repo, 'models'), { recursive: true });
      writeFileSync(join(repo, 'models/late.sql'), 'drop table main.orders;\n');
    }, /models\/late\.sql was added after signing/],
  ])('verify refuses %s', async (_name, change, reason) => {
    const r = await signedRepo();
    change(r.repo);
    const run = await cli('verify', '--repo', r.repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}FAIL inputs: /m);
    expect(run.stdout).toMatch(reason);
  });

  it('records every input in the SignedPlan', async () => {
    const r = await signedRepo();
    const plan = JSON.parse(readFileSync(join(signedDir(r), 'v1.json'), 'utf8'));
    expect(Object.keys(plan.inputs)).toEqual([
      'contracts/manual_decisions_required.json', 'contracts/schema_mapping.yml', 'discovery/discovery_report.json',
      'plans/migration_plan.json', 'project.json',
    ]);
    expect(plan.inputs['plans/migration_plan.json']).toBe(sha256Hex(planOf(r)));
  });

  it('refuses to sign a plan whose model path leaves the repository', async () => {
    const r = await makeRepo(key);
    editJson(join(r.repo, 'plans/migration_plan.json'), (p) => {
      p.steps.push({ id: 'outside', kind: 'run_model', target_table: 'main.orders', model: 'models/../../../../outside.sql' });
    });
    await commitHead(r);
    const run = await sign(r);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('model path "models/../../../../outside.sql" contains ".."');
    expect(listSigned(r)).toEqual([]);
    const validated = await cli('validate', '--repo', r.repo, '--only', 'schema');
    expect(validated.code).toBe(1);
    expect(validated.stdout).toMatch(/^plans\/migration_plan\.json:\d+: schema\/model-path: model path "models\/\.\.\/\.\.\/\.\.\/\.\.\/outside\.sql" contains "\.\."/m);
  });
});

describe('sign writes inside the repository, never over a file, both files or neither', () => {
  it('refuses a plans/signed that is a symlink out of the repository, writing nothing there', async () => {
    const r = await makeRepo(key);
    const elsewhere = join(r.dir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(r.repo, 'plans'), { recursive: true });
    symlinkSync(elsewhere, join(r.repo, 'plans/signed'));
    await commitHead(r);
    const run = await sign(r);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plans\/signed leads outside the repository/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('leaves neither file when the second cannot be written', async () => {
    const r = await makeRepo(key);
    // A directory where the readable copy goes: the bundle is written, then the readable copy fails.
    mkdirSync(join(signedDir(r), 'v1.json', 'x'), { recursive: true });
    writeFileSync(join(signedDir(r), 'v1.json', 'x', 'keep'), '');
    await commitHead(r);
    const run = await sign(r);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error\[IO_FAILED\]: cannot write the signed plan into plans\/signed: .*nothing was written/);
    expect(run.stderr).not.toContain('    at ');
    expect(listSigned(r)).toEqual(['v1.json']);
    expect(existsSync(join(signedDir(r), 'v1.sigstore.json'))).toBe(false);
  });
});

describe('smaller findings', () => {
  it('compares logins case-insensitively at signing and at the gate', async () => {
    const r = await makeRepo(key, [key], undefined, {
      prepare: (origin) => editYaml(join(origin, '.migration/config.yml'), (c) => { c.roles.data_owner = { users: ['Dora'] }; }),
    });
    const run = await sign(r);
    expect(run.code, run.stderr).toBe(0);
    const verified = await cli('verify', '--repo', r.repo);
    expect(verified.stdout).toMatch(/ok {3}approvals: .*data_owner: dora/);
    expect(verified.code).toBe(0);
  });

  it('pins the members of a team-backed role in the SignedPlan, and the gate checks the approver against them', async () => {
    const r = await makeRepo(key, [key], undefined, {
      prepare: (origin) => editYaml(join(origin, '.migration/config.yml'), (c) => { c.roles.data_owner = { teams: ['acme/owners'] }; }),
    });
    await writeRecord(r, { ...approvalsRecord(planOf(r)), teams: { 'acme/data-leads': ['alice'], 'acme/owners': ['dora', 'olga'] } });
    const run = await sign(r);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(signedDir(r), 'v1.json'), 'utf8'));
    expect(plan.teams).toEqual({ 'acme/owners': ['dora', 'olga'] });
    expect((await cli('verify', '--repo', r.repo)).code).toBe(0);
  });

  it('refuses, with a reason, a policy that asks nobody to approve', async () => {
    const r = await makeRepo(key, [key], undefined, {
      prepare: (origin) => editJson(join(origin, '.migration/policy.json'), (p) => { p.approvals = {}; }),
    });
    const run = await sign(r);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the base policy asks no role to approve PLAN_DRAFTED->PLANNED or PLANNED->EXECUTED');
    expect(run.stderr).not.toContain('is not a SignedPlan');
  });

  it('refuses a plan that is not UTF-8, naming the file and the byte offset', async () => {
    const r = await makeRepo(key);
    const file = join(r.repo, 'plans/migration_plan.json');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('demo-orders-plan') + 4;
    bytes[at] = 0xff;
    writeFileSync(file, bytes);
    await commitHead(r);
    for (const run of [await sign(r), await cli('verify', '--repo', r.repo), await cli('validate', '--repo', r.repo)]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`plans/migration_plan.json is not valid UTF-8: byte ${at}`);
    }
  });

  it('exits 2 naming the file when --approvals is not an approvals record', async () => {
    const r = await makeRepo(key);
    writeFileSync(r.approvalsFile, '{"repository": "acme/mig"}');
    for (const run of [await sign(r), await cli('validate', '--repo', r.repo, '--approvals', r.approvalsFile)]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/approvals\.json is not a valid approvals record/);
    }
  });

  it('verify --version N of a version that does not exist names the versions there', async () => {
    const r = await makeRepo(key);
    expect((await sign(r)).code).toBe(0);
    const run = await cli('verify', '--repo', r.repo, '--version', '2');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plans\/signed\/v2\.json not found in .*: the signed versions there are v1/);
    expect(run.stderr).toContain('pass --version 1');
  });

  it('refuses a --trusted-root that is not a Sigstore trusted root', async () => {
    const r = await makeRepo(key);
    expect((await sign(r)).code).toBe(0);
    writeFileSync(join(r.dir, 'root.json'), '{"hello": "world"}');
    const run = await cli('verify', '--repo', r.repo, '--trusted-root', join(r.dir, 'root.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/root\.json is not a Sigstore trusted root/);
  });

  it('reports a plan symlinked out of the repository as outside it, not as missing', async () => {
    const r = await makeRepo(key);
    const outside = join(r.dir, 'outside.json');
    writeFileSync(outside, planOf(r));
    rmSync(join(r.repo, 'plans/migration_plan.json'));
    symlinkSync(outside, join(r.repo, 'plans/migration_plan.json'));
    const run = await cli('validate', '--repo', r.repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plans\/migration_plan\.json leads outside the repository/);
  });

  it('sign and verify piped into a reader that closes early exit 0 without a stack trace', async () => {
    const r = await makeRepo(key);
    expect((await sign(r)).code).toBe(0);
    const { spawnSync } = await import('node:child_process');
    const bin = join(import.meta.dirname, '../../bin/migration-copilot.js');
    const out = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" verify --repo "${r.repo}" | head -c 1 >/dev/null`], { encoding: 'utf8' });
    expect(out.stderr).not.toMatch(/EPIPE| {4}at /);
    expect(out.status).toBe(0);
  });
});

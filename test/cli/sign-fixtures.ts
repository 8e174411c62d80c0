// A migration repository on disk for the sign / verify CLI tests: a valid plan, config, policy, an
// approvals record of the pull request, and keys generated here (never checked in).
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import { sha256Hex } from '../../core/json/canonical.js';
import { newKey, type TestKey } from '../core/signing/fixtures.js';

export { newKey, type TestKey };

export const HEAD_SHA = 'c0ffee'.padEnd(40, '0');

export const PLAN = {
  plan_id: 'orders-plan', version: 1, project_id: 'orders', archetype_id: 'duckdb-duckdb',
  source: { engine: 'duckdb', connection: 'source' }, target: { engine: 'duckdb', connection: 'target' },
  steps: [{ id: 'copy-orders', kind: 'copy_table', source_table: 'main.orders', target_table: 'main.orders', key_columns: ['id'], mode: 'merge' }],
  recon: {
    hashing: { algorithm: 'sha256', spec_version: '1.0.0' },
    sampling: { method: 'hash', rate: 0.1, seed: 's1' },
    tables: [{ source_table: 'main.orders', target_table: 'main.orders', key_columns: ['id'] }],
  },
  tolerances: { row_count_diff_pct: { max: 0 }, checksum_mismatch_rows: { max: 0 }, null_rate_diff_pct: { max: 0 }, aggregate_sum_rel_diff: { max: 0 } },
};

const threshold = { max: 1, severity: 'Major' };
export const POLICY = {
  policy_id: 'default', version: '1.0.0',
  approvals: {
    'PLAN_DRAFTED->PLANNED': ['tech_lead'], 'PLANNED->EXECUTED': ['data_owner', 'security'],
    'RECONCILED->PARALLEL_VALIDATED': ['qa_lead'],
  },
  tolerances: { row_count_diff_pct: threshold, checksum_mismatch_rows: threshold, null_rate_diff_pct: threshold, aggregate_sum_rel_diff: threshold },
  pii: { rules: [] }, encryption: {},
  sampling: { method: 'hash', min_rate: 0.01, seed_required: true },
  retry: { max_attempts: 3, base_delay_ms: 100, max_delay_ms: 1000, jitter: 'full' },
};

export function config(trusted: readonly TestKey[]) {
  return {
    roles: {
      tech_lead: { users: ['alice'], teams: ['acme/data-leads'] }, data_owner: { users: ['dora'] },
      security: { users: ['sam'] }, qa_lead: { users: ['quinn'] },
    },
    signers: { keys: trusted.map((k) => ({ id: k.id, algorithm: k.algorithm, public_key: k.publicPem })) },
    artifact_store: { kind: 'filesystem', path: 'artifacts' },
    connections: { source: { engine: 'duckdb', url: 'env:SOURCE_URL' }, target: { engine: 'duckdb', url: 'env:TARGET_URL' } },
    default_branch: 'main',
  };
}

export const planText = (plan: unknown = PLAN) => `${JSON.stringify(plan, null, 2)}\n`;

export function review(id: number, user: string, commit = HEAD_SHA, state = 'APPROVED') {
  return { id, user, state, commit_id: commit, submitted_at: `2026-11-27T10:0${id}:00Z` };
}

export function approvalsRecord(planBytes: string, reviews = [review(1, 'alice'), review(2, 'dora'), review(3, 'sam')]) {
  return {
    repository: 'acme/mig', pull_number: 7, base_ref: 'main', head_sha: HEAD_SHA, author: 'carol',
    changed_files: ['plans/migration_plan.json'], plan_sha256: sha256Hex(planBytes), reviews,
    teams: { 'acme/data-leads': ['alice'] }, codeowners: null,
  };
}

const made: string[] = [];

/** Removes every temp dir made so far (call from afterAll). */
export async function removeRepos(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mc-sign-'));
  made.push(dir);
  return dir;
}

export interface TestRepo {
  readonly dir: string;
  readonly repo: string;
  readonly keyFile: string;
  readonly approvalsFile: string;
}

/** A repository trusting `trusted`, signing with `signing`, and the PR's approvals record beside it. */
export async function makeRepo(signing: TestKey, trusted: readonly TestKey[] = [signing], record?: unknown): Promise<TestRepo> {
  const dir = await tempDir();
  const repo = join(dir, 'repo');
  await mkdir(join(repo, 'plans'), { recursive: true });
  await mkdir(join(repo, '.migration'), { recursive: true });
  const plan = planText();
  await writeFile(join(repo, 'plans/migration_plan.json'), plan);
  await writeFile(join(repo, '.migration/config.yml'), stringify(config(trusted)));
  await writeFile(join(repo, '.migration/policy.json'), `${JSON.stringify(POLICY, null, 2)}\n`);
  const keyFile = join(dir, 'signing-key.pem');
  await writeFile(keyFile, signing.privatePem, { mode: 0o600 });
  const approvalsFile = join(dir, 'approvals.json');
  await writeFile(approvalsFile, JSON.stringify(record ?? approvalsRecord(plan), null, 2));
  return { dir, repo, keyFile, approvalsFile };
}

export async function copyRepo(from: TestRepo): Promise<TestRepo> {
  const dir = await tempDir();
  await cp(from.dir, dir, { recursive: true });
  return { dir, repo: join(dir, 'repo'), keyFile: join(dir, 'signing-key.pem'), approvalsFile: join(dir, 'approvals.json') };
}

const BIN = join(import.meta.dirname, '../../bin/migration-copilot.js');

export interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs the real entry point. */
export function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, MIGRATION_COPILOT_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A migration repository on disk for the sign / verify CLI tests: a copy of examples/demo-migration
// trusting keys generated here (never checked in), the policy in force as .migration/policy.json, committed
// as the default branch of a git repository and cloned as the pull request's checkout, and the approvals
// record of the pull request beside it.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse, stringify } from 'yaml';
import { sha256Hex } from '../../core/json/canonical.js';
import { newKey, type TestKey } from '../core/signing/fixtures.js';
import { runCli } from '../support/cli.js';

export { newKey, type TestKey };

export const HEAD_SHA = 'c0ffee'.padEnd(40, '0');

/** The example migration repository shipped with the project: it passes every validator. */
export const EXAMPLE_REPO = join(import.meta.dirname, '../../examples/demo-migration');
const EXAMPLE_CONFIG = parse(readFileSync(join(EXAMPLE_REPO, '.migration/config.yml'), 'utf8'));
const DEFAULT_POLICY_TEXT = readFileSync(join(import.meta.dirname, '../../policies/policy.json'), 'utf8');

/** The example's config, trusting `trusted` for SignedPlan bundles. */
export function config(trusted: readonly TestKey[]) {
  return {
    ...EXAMPLE_CONFIG,
    signers: { ...EXAMPLE_CONFIG.signers, keys: trusted.map((k) => ({ id: k.id, algorithm: k.algorithm, public_key: k.publicPem })) },
  };
}

export const planText = () => readFileSync(join(EXAMPLE_REPO, 'plans/migration_plan.json'), 'utf8');

export function review(id: number, user: string, commit = HEAD_SHA, state = 'APPROVED') {
  return { id, user, state, commit_id: commit, submitted_at: `2026-11-27T10:0${id}:00Z` };
}

export function approvalsRecord(planBytes: string, reviews = [review(1, 'alice'), review(2, 'dora'), review(3, 'sam')]) {
  return {
    repository: 'acme/mig', pull_number: 7, base_ref: 'main', head_sha: HEAD_SHA, author: 'carol',
    changed_files: ['plans/migration_plan.json'], plan_sha256: sha256Hex(planBytes), reviews,
    teams: { 'acme/data-leads': ['alice'] } as Record<string, string[]>, codeowners: null,
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
  /** A clone of the base branch (origin/HEAD is main), at the pull request head. */
  readonly repo: string;
  /** The origin the clone came from: the default branch, where the rules live. */
  readonly origin: string;
  readonly keyFile: string;
  readonly approvalsFile: string;
}

const GIT_ID = ['-c', 'user.name=carol', '-c', 'user.email=carol@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

/** git in `cwd`, never reading the terminal. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_ID, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The record with the HEAD_SHA placeholder (head_sha and each review's commit) replaced by `head`. */
export function atHead(record: ReturnType<typeof approvalsRecord>, head: string) {
  return {
    ...record,
    head_sha: record.head_sha === HEAD_SHA ? head : record.head_sha,
    reviews: record.reviews.map((r) => ({ ...r, commit_id: r.commit_id === HEAD_SHA ? head : r.commit_id })),
  };
}

export interface RepoOptions {
  /** Changes the default branch before it is committed (the rules in force). */
  readonly prepare?: (origin: string) => Promise<void> | void;
}

/**
 * The default branch (a git repository at `origin`) trusting `trusted`, a clone of it at `repo` whose HEAD
 * is the pull request head, the signing key, and the PR's approvals record (HEAD_SHA stands for the head).
 */
export async function makeRepo(signing: TestKey, trusted: readonly TestKey[] = [signing], record?: ReturnType<typeof approvalsRecord>, options: RepoOptions = {}): Promise<TestRepo> {
  const dir = await tempDir();
  const origin = join(dir, 'origin');
  const repo = join(dir, 'repo');
  await cp(EXAMPLE_REPO, origin, { recursive: true });
  await writeFile(join(origin, '.migration/config.yml'), stringify(config(trusted)));
  await writeFile(join(origin, '.migration/policy.json'), DEFAULT_POLICY_TEXT);
  await options.prepare?.(origin);
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'the migration on main');
  git(dir, 'clone', '-q', origin, repo);
  const keyFile = join(dir, 'signing-key.pem');
  await writeFile(keyFile, signing.privatePem, { mode: 0o600 });
  const approvalsFile = join(dir, 'approvals.json');
  const r = { dir, repo, origin, keyFile, approvalsFile };
  await writeRecord(r, record ?? approvalsRecord(readFileSync(join(repo, 'plans/migration_plan.json'), 'utf8')));
  return r;
}

/** Writes the approvals record for the checkout's current HEAD. */
export async function writeRecord(r: TestRepo, record: ReturnType<typeof approvalsRecord>): Promise<void> {
  await writeFile(r.approvalsFile, JSON.stringify(atHead(record, git(r.repo, 'rev-parse', 'HEAD')), null, 2));
}

/**
 * Commits every change of the checkout as the pull request's next head and records the approvals for it
 * (the given record, or every role approving the plan as it now is).
 */
export async function commitHead(r: TestRepo, record?: ReturnType<typeof approvalsRecord>): Promise<string> {
  git(r.repo, 'add', '-A');
  git(r.repo, 'commit', '-q', '--allow-empty', '-m', 'pull request change');
  await writeRecord(r, record ?? approvalsRecord(readFileSync(join(r.repo, 'plans/migration_plan.json'), 'utf8')));
  return git(r.repo, 'rev-parse', 'HEAD');
}

export async function copyRepo(from: TestRepo): Promise<TestRepo> {
  const dir = await tempDir();
  await cp(from.dir, dir, { recursive: true });
  return { dir, repo: join(dir, 'repo'), origin: join(dir, 'origin'), keyFile: join(dir, 'signing-key.pem'), approvalsFile: join(dir, 'approvals.json') };
}

export interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/**
 * Runs a command through cli/main.ts in this process, with this process's environment and working directory
 * (a spawned `bin/migration-copilot.js` costs a second of CPU to start; test/cli/validate.test.ts runs the
 * real binary).
 */
export function cli(...args: string[]): Promise<Run> {
  return runCli(args, { cwd: process.cwd(), env: { ...process.env, MIGRATION_COPILOT_DEBUG: '' } });
}

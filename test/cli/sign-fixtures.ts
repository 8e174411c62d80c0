// A migration repository on disk for the sign / verify CLI tests: a copy of examples/demo-migration
// trusting keys generated here (never checked in), the policy in force as .migration/policy.json, and the
// approvals record of the pull request beside it.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse, stringify } from 'yaml';
import { sha256Hex } from '../../core/json/canonical.js';
import { newKey, type TestKey } from '../core/signing/fixtures.js';

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
  await cp(EXAMPLE_REPO, repo, { recursive: true });
  const plan = planText();
  await writeFile(join(repo, '.migration/config.yml'), stringify(config(trusted)));
  await writeFile(join(repo, '.migration/policy.json'), DEFAULT_POLICY_TEXT);
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

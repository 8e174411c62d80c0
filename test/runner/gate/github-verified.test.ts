// The gate's second way to accept a tagged commit's signature, on the GitHub simulator with real git: a
// person merges with the merge button (GitHub signs the merge with its web-flow key, which tag_signers does
// not hold), the runner's clone tags it with the bot's SSH key, and the gate asks the simulator's REST API
// (GET /repos/{o}/{r}/commits/{sha}) through the real Octokit adapter.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopilotError } from '../../../core/errors.js';
import { startPlayground, type Playground } from '../../../playground/index.js';
import type { CommitVerification } from '../../../runner/gate/commit-verification.js';
import { runPlanGate } from '../../../runner/gate/plan-gate.js';
import { commitVerificationFromEnv, githubCommitVerification } from '../../../runner/github/commit-verification.js';
import { cli, makeRepo, newKey, removeRepos } from '../../cli/sign-fixtures.js';

const REPO = 'acme/mig';
const BAD_TOKEN = `ghs_${'0'.repeat(36)}`;

let work: string;
let gh: Playground;
let botKey: string;
/** Clones whose default branch trusts GitHub-verified commits, and one whose does not. */
let trusting: string;
let untrusting: string;
/** The merge commit (web-flow signed), and an unsigned commit pushed to main after it. */
let merge: string;
let unsigned: string;
let port: CommitVerification;

const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const rel = relative(dir, join(entry.parentPath, entry.name));
    if (entry.isFile() && !rel.split('/').includes('.git')) out[rel] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

/** Asynchronous: the simulator serves git from this same process, so a blocking clone would wait forever. */
async function cloneAs(name: string): Promise<string> {
  const dir = join(work, name);
  await promisify(execFile)('git', ['clone', '-q', gh.people.as('carol').cloneUrl(REPO), dir]);
  for (const [k, v] of [['user.name', 'migration-copilot[bot]'], ['user.email', 'bot@example.com'], ['gpg.format', 'ssh'], ['user.signingkey', botKey]]) git(dir, 'config', k!, v!);
  return dir;
}

const tagAt = (dir: string, sha: string) => git(dir, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'plan v1', sha);

async function mergePull(branch: string, files: Record<string, string>, title: string): Promise<string> {
  const carol = gh.people.as('carol');
  await carol.push(REPO, branch, files, title);
  return gh.people.as('alice').merge(REPO, await carol.openPull(REPO, { head: branch, title }));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mc-gate-gh-'));
  botKey = join(work, 'bot');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bot', '-f', botKey]);
  const pub = (await readFile(`${botKey}.pub`, 'utf8')).trim().split(' ');
  const key = newKey('ed25519', 'plan-key');
  let config: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await makeRepo(key, [key], undefined, {
    prepare: async (origin) => {
      const configFile = join(origin, '.migration/config.yml');
      config = parse(await readFile(configFile, 'utf8'));
      config.signers.tag_signers = [`migration-copilot[bot] ${pub[0]} ${pub[1]}`];
      config.signers.github_verified_commits = true;
      await writeFile(configFile, stringify(config));
    },
  });
  const signed = await cli('sign', '--repo', r.repo, '--key', r.keyFile, '--approvals', r.approvalsFile);
  expect(signed.code, signed.stderr).toBe(0);

  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createUser('alice');
  gh.people.createOrg('acme', ['carol', 'alice']);
  gh.people.createRepo(REPO, { private: true, files: { 'README.md': '# mig\n' } });
  const carol = gh.people.as('carol');
  port = githubCommitVerification({ token: carol.token, apiUrl: gh.url, repository: REPO });

  merge = await mergePull('plan', await filesOf(r.repo), 'Signed plan v1');
  unsigned = await carol.push(REPO, 'main', { 'README.md': '# mig, edited\n' }, 'Unsigned edit on main');
  trusting = await cloneAs('trusting');
  await mergePull('untrust', { '.migration/config.yml': stringify({ ...config, signers: { ...config.signers, github_verified_commits: false } }) },
    'Stop trusting GitHub-verified commits');
  untrusting = await cloneAs('untrusting');
}, 30_000);

afterAll(async () => {
  await gh?.close();
  await rm(work, { recursive: true, force: true });
  await removeRepos();
  expect(gh.violations).toEqual([]);
});

const failed = (checks: readonly { id: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.id);
const signatureDetail = (checks: readonly { id: string; detail: string }[]) => checks.find((c) => c.id === 'commit-signature')!.detail;

describe('runPlanGate with GitHub-verified commits', () => {
  it('sees the merge as GitHub signed it and the edit as unsigned, through the adapter', async () => {
    expect(await port.verify(merge)).toEqual({ verified: true, reason: 'valid', signature_present: true });
    expect(await port.verify(unsigned)).toEqual({ verified: false, reason: 'unsigned', signature_present: false });
  });

  it.each<[string, () => string, () => string, boolean, boolean, RegExp]>([
    ['a web-flow merge, without the port', () => trusting, () => merge, false, false,
      /^not signed by an allowed signer \(git verify-commit refused [0-9a-f]{12}: .+\); signers\.github_verified_commits is set, but the runner was given no GitHub API access/],
    ['a web-flow merge, with the port, github_verified_commits false', () => untrusting, () => merge, true, false,
      /^not signed by an allowed signer \(.+\); GitHub-verified commits are not trusted: set signers\.github_verified_commits on the default branch$/],
    ['a web-flow merge, with the port, github_verified_commits true', () => trusting, () => merge, true, true,
      /^commit [0-9a-f]{12} verified by GitHub \(reason valid\), trusted by signers\.github_verified_commits$/],
    ['an unsigned commit on the default branch, without the port', () => trusting, () => unsigned, false, false,
      /^not signed by an allowed signer \(git verify-commit refused [0-9a-f]{12}: .+\); .*no GitHub API access/],
    ['an unsigned commit on the default branch, with the port', () => trusting, () => unsigned, true, false,
      /^not signed by an allowed signer \(.+\); GitHub reports verification unsigned \(no signature\)$/],
  ])('%s', async (_name, repo, sha, withPort, ok, detail) => {
    tagAt(repo(), sha());
    const result = await runPlanGate({ repoDir: repo(), version: 1, ...(withPort ? { commitVerification: port } : {}) });
    expect(result.commit).toBe(sha());
    expect(failed(result.checks)).toEqual(ok ? [] : ['commit-signature']);
    expect(result.ok).toBe(ok);
    expect(result.signedPlan === undefined).toBe(!ok);
    expect(signatureDetail(result.checks)).toMatch(detail);
  });

  it('takes git\'s word first: a commit signed by an allowed signer passes without asking GitHub', async () => {
    git(trusting, 'checkout', '-q', '-B', 'main', 'origin/main');
    git(trusting, 'commit', '-q', '-S', '--allow-empty', '-m', 'signed by the bot');
    const head = git(trusting, 'rev-parse', 'HEAD').trim();
    git(trusting, 'update-ref', 'refs/remotes/origin/main', head);
    tagAt(trusting, head);
    const asked: string[] = [];
    const result = await runPlanGate({ repoDir: trusting, version: 1, commitVerification: { verify: async (s) => { asked.push(s); throw new Error('not to be asked'); } } });
    git(trusting, 'update-ref', 'refs/remotes/origin/main', unsigned);
    expect(result.ok).toBe(true);
    expect(asked).toEqual([]);
    expect(signatureDetail(result.checks)).toMatch(/^commit [0-9a-f]{12} signed by an allowed signer \(git verify-commit\)$/);
  });

  it.each<[string, () => CommitVerification, RegExp]>([
    ['a bad token (401)', () => githubCommitVerification({ token: BAD_TOKEN, apiUrl: gh.url, repository: REPO }), /failed \(HTTP 401\)/],
    ['a repository the token cannot see (404)', () => githubCommitVerification({ token: gh.people.as('carol').token, apiUrl: gh.url, repository: 'acme/elsewhere' }), /failed \(HTTP 404\)/],
    ['no server at the API URL', () => githubCommitVerification({ token: BAD_TOKEN, apiUrl: 'http://127.0.0.1:9', repository: REPO }), /failed/],
  ])('is a system error, never a pass, when GitHub cannot be asked: %s', async (_name, make, message) => {
    tagAt(trusting, merge);
    const error = await runPlanGate({ repoDir: trusting, version: 1, commitVerification: make() }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CopilotError);
    expect(error).toMatchObject({ kind: 'system', code: 'IO_FAILED', message: expect.stringMatching(message) });
    const shown = `${(error as CopilotError).message} ${(error as CopilotError).hint ?? ''} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(BAD_TOKEN);
    expect(shown).not.toContain(gh.people.as('carol').token);
  });

  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['GitHub Actions variables', { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/mig', GITHUB_API_URL: 'http://127.0.0.1:1' }, true],
    ['no token', { GITHUB_REPOSITORY: 'acme/mig' }, false],
    ['no repository', { GITHUB_TOKEN: 't' }, false],
  ])('builds the port from the environment: %s', (_name, env, made) => {
    expect(commitVerificationFromEnv(env) !== undefined).toBe(made);
  });

  it('refuses a repository name that is not owner/name as bad input', () => {
    expect(() => githubCommitVerification({ token: 't', repository: 'acme' })).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', kind: 'input' }));
  });
});

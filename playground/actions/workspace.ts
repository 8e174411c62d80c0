// What the two emulated actions do. actions/checkout: a clone of the repository over the simulator's git
// HTTP at the run's commit (all history and tags, like fetch-depth: 0), with the token kept in the clone's
// git config as actions/checkout keeps it (persist-credentials), so later steps can push. actions/setup-node:
// this machine's node on the PATH, and the project's own `migration-copilot` command with it (a real
// repository's workflow installs the package instead; see templates/).
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROJECT_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/migration-copilot.js');

function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

export function authHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

async function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run('git', args, { cwd, env, maxBuffer: 16 << 20 });
}

/** actions/checkout: the repository at `sha` in `workspace` (which must be empty or absent). */
export async function checkout(opts: { serverUrl: string; repository: string; token: string; sha: string; ref: string; workspace: string; home: string }): Promise<string> {
  mkdirSync(opts.workspace, { recursive: true });
  const url = `${opts.serverUrl}/${opts.repository}.git`;
  const env = gitEnv({ HOME: opts.home, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.${opts.serverUrl}/.extraheader`, GIT_CONFIG_VALUE_0: authHeader(opts.token) });
  await git(['init', '--quiet', opts.workspace], opts.workspace, env);
  await git(['remote', 'add', 'origin', url], opts.workspace, env);
  await git(['config', '--local', `http.${opts.serverUrl}/.extraheader`, authHeader(opts.token)], opts.workspace, env);
  await git(['fetch', '--quiet', '--tags', '--prune', 'origin', '+refs/heads/*:refs/remotes/origin/*'], opts.workspace, env);
  if (opts.ref.startsWith('refs/pull/')) await git(['fetch', '--quiet', 'origin', opts.sha], opts.workspace, env).catch(() => undefined);
  const branch = /^refs\/heads\/(.+)$/.exec(opts.ref)?.[1];
  if (branch) await git(['checkout', '--quiet', '-B', branch, opts.sha], opts.workspace, env);
  else await git(['checkout', '--quiet', '--detach', opts.sha], opts.workspace, env);
  return `Checked out ${opts.repository} at ${opts.sha} (${opts.ref})`;
}

/** actions/setup-node: a bin folder with node and migration-copilot, to be put first on the PATH. */
export function setupNode(toolDir: string): string {
  const bin = join(toolDir, 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'migration-copilot');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${PROJECT_BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

export const NODE_DIR = dirname(process.execPath);

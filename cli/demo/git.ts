// git over HTTP against the simulator with a token, the way the app and the runner reach GitHub (simple-git).
// The token travels in an Authorization header set through git's environment (GIT_CONFIG_*), never in a
// clone URL, so it cannot appear in a remote, a reflog, an error message or anything the demo prints.
// simple-git refuses GIT_CONFIG_COUNT unless told (it could carry arbitrary config); here it carries
// exactly one key, http.extraHeader, set below.
import { simpleGit, type SimpleGit } from 'simple-git';

const GUARDS = { unsafe: { allowUnsafeConfigEnvCount: true }, allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'] };

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

function authEnv(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  // Only what git needs to run: the simulator is local (no proxy, no CA), and the caller's GIT_* settings stay out.
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'SYSTEMROOT']) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return {
    ...env, GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

/** simple-git in `dir`, authenticated with `token`, committing and tagging as `who`; extra `-c` config lines. */
export function gitAs(dir: string, token: string, who: GitIdentity, config: readonly string[] = []): SimpleGit {
  return simpleGit({ baseDir: dir, ...GUARDS, config: [`user.name=${who.name}`, `user.email=${who.email}`, 'commit.gpgsign=false', 'tag.gpgsign=false', ...config] })
    .env(authEnv(token));
}

/** Clones `url` into `dir` (new or empty): the given branch, or the default branch (and every tag on it). */
export async function clone(url: string, dir: string, token: string, branch?: string): Promise<void> {
  await simpleGit(GUARDS).env(authEnv(token)).clone(url, dir, [...(branch ? ['--branch', branch] : []), '--quiet']);
}

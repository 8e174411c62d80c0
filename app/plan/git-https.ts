// git over HTTPS with a token, through simple-git: the app pushes plan tags this way with its installation
// token, and the demo's people push branches. The token travels in an Authorization header set through
// git's environment (GIT_CONFIG_COUNT/KEY/VALUE, allowed explicitly: simple-git refuses them otherwise),
// never in a URL, so it cannot land in a remote, a reflog or an error message. git gets no terminal
// (GIT_TERMINAL_PROMPT=0, no standard input), and only the variables it needs to run.
import { simpleGit, type SimpleGit } from 'simple-git';

const GUARDS = {
  unsafe: { allowUnsafeConfigEnvCount: true },
  allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_NOSYSTEM'],
};

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

function authEnv(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'SYSTEMROOT', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'SSL_CERT_FILE']) {
    if (process.env[k] !== undefined) env[k] = process.env[k]!;
  }
  return {
    ...env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

/** simple-git in `dir`, authenticated with `token`, committing and tagging as `who`; extra `-c` config lines. */
export function gitWithToken(dir: string, token: string, who: GitIdentity, config: readonly string[] = []): SimpleGit {
  return simpleGit({ baseDir: dir, ...GUARDS, config: [`user.name=${who.name}`, `user.email=${who.email}`, 'commit.gpgsign=false', 'tag.gpgsign=false', ...config] })
    .env(authEnv(token));
}

/** Clones `url` into `dir` (new or empty): the given branch, or the default branch. */
export async function cloneWithToken(url: string, dir: string, token: string, branch?: string): Promise<void> {
  await simpleGit(GUARDS).env(authEnv(token)).clone(url, dir, [...(branch ? ['--branch', branch] : []), '--quiet']);
}

// Where the publisher reaches GitHub: the workflow's own token and repository, read from the environment
// GitHub Actions sets (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL), or given by the caller.
import { Octokit } from '@octokit/rest';
import { CopilotError } from '../../core/errors.js';

export interface GitHubTarget {
  readonly token: string;
  /** owner/name */
  readonly repository: string;
  readonly apiUrl: string;
}

/** The workflow's GitHub target, or undefined when the run is not inside a workflow (no token or repository). */
export function githubFromEnv(env: Readonly<Record<string, string | undefined>>): GitHubTarget | undefined {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token || !repository) return undefined;
  return { token, repository, apiUrl: env.GITHUB_API_URL || 'https://api.github.com' };
}

export function ownerAndName(target: GitHubTarget): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(target.repository);
  if (!m) throw new CopilotError('INPUT_INVALID', `GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`);
  return { owner: m[1]!, repo: m[2]! };
}

export function octokitFor(target: GitHubTarget): Octokit {
  return new Octokit({ auth: target.token, baseUrl: target.apiUrl.replace(/\/$/, ''), userAgent: 'migration-copilot-runner', log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** A failed GitHub call as a system error naming what was being done; the token is never in it. */
export function githubError(what: string, e: unknown): CopilotError {
  const status = (e as { status?: number }).status;
  return new CopilotError('IO_FAILED', `GitHub: cannot ${what}${status ? ` (HTTP ${status})` : ''}: ${(e as Error).message.split('\n')[0]}`, {
    cause: e, hint: status === 403 || status === 404 ? 'the workflow needs `permissions: contents: write, pull-requests: write`' : undefined,
  });
}

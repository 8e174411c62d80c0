// CommitVerification over the GitHub REST API: `GET /repos/{owner}/{repo}/commits/{ref}` and its
// `commit.verification`, for the repository the runner runs in. In GitHub Actions the token, API URL and
// repository come from GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY. Any failure to get an answer
// (bad token, network, a reply about another commit) is a system error; the token never appears in one.
import { Octokit } from '@octokit/rest';
import { CopilotError } from '../../core/errors.js';
import type { CommitSignatureReport, CommitVerification } from '../gate/commit-verification.js';

export interface GitHubCommitVerificationOptions {
  /** A token that can read the repository's contents (GITHUB_TOKEN). */
  readonly token: string;
  /** The REST base URL; https://api.github.com when not given (GITHUB_API_URL). */
  readonly apiUrl?: string;
  /** owner/name (GITHUB_REPOSITORY). */
  readonly repository: string;
  /** Per request; 30 s when not given. */
  readonly timeoutMs?: number;
}

const REPOSITORY = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9_.-]+)$/;
const SHA = /^[0-9a-f]{40}$/;

function scrub(text: string, token: string): string {
  return token ? text.split(token).join('[redacted]') : text;
}

export function githubCommitVerification(options: GitHubCommitVerificationOptions): CommitVerification {
  const m = REPOSITORY.exec(options.repository);
  if (!m) throw new CopilotError('INPUT_INVALID', `not a GitHub repository name: "${options.repository}"`, { hint: 'give it as owner/name, as GITHUB_REPOSITORY does' });
  if (!options.token) throw new CopilotError('INPUT_INVALID', 'no GitHub token to ask for commit verification', { hint: 'pass the workflow\'s GITHUB_TOKEN' });
  const owner = m[1]!;
  const repo = m[2]!;
  const apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  // Octokit's request log would print each failed request a second time; the CopilotError below says it once.
  const quiet = () => undefined;
  const octokit = new Octokit({ auth: options.token, baseUrl: apiUrl, log: { debug: quiet, info: quiet, warn: console.warn, error: quiet } });
  const timeoutMs = options.timeoutMs ?? 30_000;

  return {
    async verify(sha: string): Promise<CommitSignatureReport> {
      if (!SHA.test(sha)) throw new CopilotError('INTERNAL', `not a full commit sha: ${sha}`);
      const what = `GitHub API GET /repos/${owner}/${repo}/commits/${sha.slice(0, 12)} at ${apiUrl}`;
      let data: { sha: string; commit: { verification?: { verified: boolean; reason: string; signature: string | null } } };
      try {
        data = (await octokit.rest.repos.getCommit({ owner, repo, ref: sha, request: { signal: AbortSignal.timeout(timeoutMs) } })).data;
      } catch (e) {
        const status = (e as { status?: unknown }).status;
        const reason = scrub((e instanceof Error ? e.message : String(e)).split('\n')[0]!, options.token);
        // No cause attached: the raw error carries the request, and the request carried the token.
        throw new CopilotError('IO_FAILED', `${what} failed${typeof status === 'number' && status > 0 ? ` (HTTP ${status})` : ''}: ${reason}`, {
          hint: status === 401 || status === 403 || status === 404
            ? 'check that the token can read this repository (permissions: contents: read)' : 'retry when GitHub answers',
        });
      }
      if (data.sha !== sha) throw new CopilotError('IO_FAILED', `${what} answered for another commit (${String(data.sha).slice(0, 12)})`);
      const v = data.commit.verification;
      if (!v || typeof v.verified !== 'boolean' || typeof v.reason !== 'string') {
        throw new CopilotError('IO_FAILED', `${what} answered without a commit.verification object`);
      }
      return { verified: v.verified, reason: v.reason, signature_present: v.signature !== null && v.signature !== undefined };
    },
  };
}

/**
 * The port as GitHub Actions sets it up, or undefined when GITHUB_TOKEN or GITHUB_REPOSITORY is absent
 * (the gate then says GitHub's word could not be asked, should the config trust it).
 */
export function commitVerificationFromEnv(env: NodeJS.ProcessEnv): CommitVerification | undefined {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token || !repository) return undefined;
  return githubCommitVerification({ token, repository, apiUrl: env.GITHUB_API_URL || undefined });
}

// Who may read through the REST API: a caller shows a GitHub token (Authorization: Bearer or token), and the
// app asks GitHub, with that token, for the repository: an answer of 200 proves read access. Answers are
// cached for a short while (MIGRATION_COPILOT_TOKEN_CACHE_SECONDS) under the token's sha256, never the
// token itself; the token is never logged or echoed.
import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';

export interface AccessChecker {
  /** Whether the token reads owner/repo; false for a bad token, a missing repository or no access. */
  canRead(token: string, owner: string, repo: string): Promise<boolean>;
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^(?:Bearer|token)\s+([A-Za-z0-9_.\-~+/=]{8,400})\s*$/i.exec(header ?? '');
  return m?.[1];
}

export function accessChecker(baseUrl: string, cacheSeconds: number, now: () => number = Date.now): AccessChecker {
  const cache = new Map<string, { readonly ok: boolean; readonly until: number }>();
  return {
    async canRead(token, owner, repo) {
      const key = `${createHash('sha256').update(token).digest('hex')} ${owner}/${repo}`.toLowerCase();
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.ok;
      let ok: boolean;
      try {
        await new Octokit({ auth: token, baseUrl, request: { retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } }).rest.repos.get({ owner, repo });
        ok = true;
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status !== 401 && status !== 403 && status !== 404) throw e;
        ok = false;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { ok, until: now() + cacheSeconds * 1000 });
      return ok;
    },
  };
}

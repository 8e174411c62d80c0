// The GitHubPort of one job over Probot's installation Octokit. Reads are memoised for the job (same
// operation and parameters: one request), so no request repeats within one event. Every write the job's
// Octokit sends (through the port or not, e.g. /plan sign's commit) forgets the memoised reads it may change
// (`invalidatedBy`): a branch moved forgets every memoised read (a pull request's head, its reviews' head,
// a ref, checks by ref), a pull request changed forgets the pull and comment reads, a check run or comment
// the reads of its own kind. Git trees and blobs are addressed by their sha and never change, so they are
// also kept in a small cache shared by every job of the process (`contentCache`). Every other GET goes out
// as a conditional request when an earlier job read it (app/github/conditional.ts): unchanged, it costs a 304.
import type { InstallationOctokit } from '../job.js';
import { conditionalGet, type EtagCache } from './conditional.js';
import type { GitHubPort } from './port.js';

type AnyCall = (params: Record<string, unknown>) => Promise<{ data: unknown }>;

const READS: Readonly<Record<string, readonly string[]>> = {
  pulls: ['get', 'list', 'listReviews', 'listFiles', 'listReviewComments'],
  git: ['getRef', 'getTree', 'getBlob'],
  repos: ['get', 'getContent'],
  teams: ['listMembersInOrg'],
  checks: ['listForRef'],
  issues: ['listComments'],
};
const WRITES: Readonly<Record<string, readonly string[]>> = {
  checks: ['create', 'update'],
  issues: ['createComment', 'updateComment'],
  pulls: ['createReviewComment', 'createReview'],
};
/**
 * The memoised reads (prefixes of "ns.name") that a write of `method` on route template `url` may change;
 * '' means all of them. Creating git objects (blobs, trees, commits, tags) changes nothing readable by ref.
 */
export function invalidatedBy(method: string, url: string): readonly string[] {
  if (method === 'GET' || method === 'HEAD') return [];
  if (url.includes('/git/refs')) return [''];
  if (url.includes('/git/')) return [];
  if (url.includes('/merge')) return [''];
  if (/\/pulls\/\{pull_number\}\/(reviews|comments)/.test(url)) return ['pulls.listReview'];
  if (url.includes('/pulls')) return ['pulls.', 'issues.'];
  if (url.includes('/check-runs') || url.includes('/check-suites')) return ['checks.'];
  if (url.includes('/reactions')) return [];
  if (url.includes('/issues')) return ['issues.'];
  if (url.includes('/contents/')) return [''];
  return [];
}

/** Immutable by sha: cached across jobs. */
const CONTENT_ADDRESSED = new Set(['git.getTree', 'git.getBlob']);

/** A bounded map of content-addressed answers (trees and blobs by sha), oldest evicted first. */
export class ContentCache {
  readonly #entries = new Map<string, Promise<{ data: unknown }>>();
  constructor(readonly limit = 2000) {}
  get(key: string): Promise<{ data: unknown }> | undefined {
    return this.#entries.get(key);
  }
  set(key: string, value: Promise<{ data: unknown }>): void {
    this.#entries.set(key, value);
    value.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** The raw body of getContent is a stream that can be read once: keep its bytes instead. */
async function settled(name: string, res: { data: unknown }): Promise<{ data: unknown }> {
  if (name !== 'repos.getContent') return { data: res.data };
  const d = res.data;
  if (d && typeof (d as ReadableStream).getReader === 'function') return { data: Buffer.from(await new Response(d as ReadableStream).arrayBuffer()) };
  return { data: d };
}

/** ETags kept across the jobs of one installation (`scope` names it: nothing is shared between installations). */
export interface Conditional {
  readonly etags: EtagCache;
  readonly scope: string;
}

export function cachedPort(octokit: InstallationOctokit, content: ContentCache, conditional?: Conditional): GitHubPort {
  const memo = new Map<string, Promise<{ data: unknown }>>();
  const forget = (prefixes: readonly string[]) => {
    for (const key of [...memo.keys()]) if (prefixes.some((p) => key.startsWith(p))) memo.delete(key);
  };
  // Before (a read racing the write must not keep the old answer) and after (nor one started meanwhile).
  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    if (method === 'GET' && conditional) return conditionalGet(octokit, conditional.etags, conditional.scope, request, options);
    const prefixes = invalidatedBy(method, String(options.url ?? ''));
    if (prefixes.length === 0) return request(options);
    forget(prefixes);
    try {
      return await request(options);
    } finally {
      forget(prefixes);
    }
  });
  const rest = octokit.rest as unknown as Record<string, Record<string, AnyCall>>;
  const out: Record<string, Record<string, AnyCall>> = {};
  for (const [ns, names] of Object.entries(READS)) {
    out[ns] ??= {};
    for (const name of names) {
      const op = `${ns}.${name}`;
      const call = rest[ns]![name]!.bind(rest[ns]);
      out[ns]![name] = (params) => {
        const key = `${op} ${JSON.stringify(params)}`;
        const shared = CONTENT_ADDRESSED.has(op);
        const hit = shared ? content.get(key) : memo.get(key);
        if (hit) return hit;
        const p = call(params).then((res) => settled(op, res));
        if (shared) content.set(key, p);
        else {
          memo.set(key, p);
          p.catch(() => memo.delete(key));
        }
        return p;
      };
    }
  }
  for (const [ns, names] of Object.entries(WRITES)) {
    out[ns] ??= {};
    for (const name of names) {
      const call = rest[ns]![name]!.bind(rest[ns]);
      // What the write invalidates is forgotten by the request hook above.
      out[ns]![name] = (params) => call(params);
    }
  }
  return { rest: out } as unknown as GitHubPort;
}

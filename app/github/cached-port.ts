// The GitHubPort of one job over Probot's installation Octokit. Reads are memoised for the job (same
// operation and parameters: one request), so no request repeats within one event; a write forgets the
// memoised reads of its own kind (checks, issues, pulls), since it may change what they return. Git trees and blobs are addressed by their sha and never
// change, so they are also kept in a small cache shared by every job of the process (`contentCache`).
import type { InstallationOctokit } from '../job.js';
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

export function cachedPort(octokit: InstallationOctokit, content: ContentCache): GitHubPort {
  const memo = new Map<string, Promise<{ data: unknown }>>();
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
      out[ns]![name] = async (params) => {
        // A write can change what reads of its own kind return (a check run, a comment, a review), not others.
        for (const key of [...memo.keys()]) if (key.startsWith(`${ns}.`)) memo.delete(key);
        return call(params);
      };
    }
  }
  return { rest: out } as unknown as GitHubPort;
}

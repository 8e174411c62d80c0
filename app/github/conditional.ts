// Conditional requests across jobs: the process keeps the ETag and the answer of every GET the app's jobs
// send (per installation: tokens and permissions differ), the same GET in a later job carries
// If-None-Match, and GitHub's 304 Not Modified (which does not count against the installation's rate limit)
// is answered from the copy kept here. A push does not change the base branch's ref, the reviews or the
// teams, so those reads cost nothing on a synchronize. Bounded (least recently used out); nothing kept is a
// secret (answers only, never a request's headers).
import type { InstallationOctokit } from '../job.js';

type OctokitResponse = Awaited<ReturnType<InstallationOctokit['request']>>;
type RequestOptions = Parameters<InstallationOctokit['request']['endpoint']['parse']>[0];

interface Kept {
  readonly etag: string;
  readonly response: OctokitResponse;
}

export class EtagCache {
  readonly #entries = new Map<string, Kept>();
  constructor(readonly limit = 1000) {}
  get(key: string): Kept | undefined {
    const kept = this.#entries.get(key);
    if (kept) {
      this.#entries.delete(key);
      this.#entries.set(key, kept);
    }
    return kept;
  }
  set(key: string, kept: Kept): void {
    this.#entries.delete(key);
    this.#entries.set(key, kept);
    while (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }
  get size(): number {
    return this.#entries.size;
  }
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/**
 * Sends a GET with If-None-Match when an earlier answer to it is kept, and answers a 304 from that copy.
 * A raw body stream (parseSuccessResponseBody: false) can be read once and is neither kept nor asked for so.
 */
export async function conditionalGet<O extends RequestOptions>(
  octokit: InstallationOctokit, cache: EtagCache, scope: string,
  request: (options: O) => OctokitResponse | Promise<OctokitResponse>, options: O,
): Promise<OctokitResponse> {
  if ((options.request as { parseSuccessResponseBody?: boolean } | undefined)?.parseSuccessResponseBody === false) return request(options);
  const parsed = octokit.request.endpoint.parse(options);
  const key = `${scope} ${parsed.url} ${String(parsed.headers.accept ?? '')}`;
  const kept = cache.get(key);
  // before-after-hook hands every hook the options it was called with, not what an outer hook passes on:
  // the header is set on that one object (it is this request's own).
  if (kept) options.headers = { ...options.headers, 'if-none-match': kept.etag };
  try {
    const res = await request(options);
    const etag = res.headers.etag;
    if (typeof etag === 'string' && etag !== '') cache.set(key, { etag, response: { ...res, data: structuredClone(res.data) } });
    return res;
  } catch (e) {
    if (kept && statusOf(e) === 304) return { ...kept.response, data: structuredClone(kept.response.data) };
    throw e;
  }
}

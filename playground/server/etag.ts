// Conditional requests, as GitHub answers them: every successful GET carries an ETag (a digest of the body
// it answers), and a GET whose If-None-Match names the current one gets 304 Not Modified with no body, which
// does not count against the caller's rate limit. A client that keeps the ETag of what it read can ask
// again for free when nothing changed.
import { createHash } from 'node:crypto';
import type { Reply } from './route.js';

/** A weak validator over the exact bytes the answer would send (JSON body or raw media). */
export function etagOf(reply: Reply): string | undefined {
  const bytes = reply.raw ? reply.raw.data : reply.body === undefined ? undefined : Buffer.from(JSON.stringify(reply.body), 'utf8');
  return bytes === undefined ? undefined : `W/"${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}"`;
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** Whether an If-None-Match header (one ETag, a list, or *) names `etag` (weak comparison, as RFC 9110 says for it). */
export function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',').map((t) => t.trim()).filter((t) => t !== '');
  return tags.some((t) => t === '*' || opaque(t) === opaque(etag));
}

/** The GET answer with its ETag, or 304 when the caller already holds it (`notModified` is then true). */
export function conditional(reply: Reply, ifNoneMatch: string | string[] | undefined): { reply: Reply; notModified: boolean } {
  if (reply.status !== 200) return { reply, notModified: false };
  const etag = etagOf(reply);
  if (etag === undefined) return { reply, notModified: false };
  const headers = { ...reply.headers, etag };
  if (matches(ifNoneMatch, etag)) return { reply: { status: 304, headers }, notModified: true };
  return { reply: { ...reply, headers }, notModified: false };
}

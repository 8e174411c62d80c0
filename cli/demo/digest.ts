// Digests as a person reads them: 12 hex characters and an ellipsis. Files keep them whole.

/** The first 12 characters of a sha or digest. */
export function short(digest: string): string {
  return digest.length > 12 ? digest.slice(0, 12) : digest;
}

/** Every 40- or 64-character hex run in a line shortened to 12 characters and "…". */
export function shortenDigests(line: string): string {
  return line.replace(/\b([0-9a-f]{12})(?:[0-9a-f]{52}|[0-9a-f]{28})\b/g, '$1…');
}

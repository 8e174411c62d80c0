// The ArtifactStore contract: write-once objects addressed by name. `put` of the same bytes twice is a no-op
// and returns the same `{uri, sha256}`; other bytes under a name already taken are refused
// (ARTIFACT_CONFLICT), never overwritten; `get` returns the bytes only when their sha256 is the one
// recorded at `put` (and the one the caller expects, when given). Backends: filesystem, GCS, S3.
import { createHash } from 'node:crypto';
import { CopilotError } from '../../core/errors.js';

export interface StoredArtifact {
  /** Where the object lives: file:///…, gs://bucket/…, s3://bucket/…. */
  readonly uri: string;
  readonly sha256: string;
}

export interface ArtifactStore {
  /** The store's own location (a URI prefix of every object it holds). */
  readonly root: string;
  put(name: string, bytes: Uint8Array): Promise<StoredArtifact>;
  /** The bytes at `uri` (one of this store's), checked against the recorded digest and `expectedSha256`. */
  get(uri: string, expectedSha256?: string): Promise<Buffer>;
  /** Names (relative to the root) of the objects whose name starts with `prefix`, sorted. */
  list(prefix?: string): Promise<string[]>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._=+-]{0,199}$/;

/** A name is a relative path of plain segments: no `..`, no leading `/`, no empty or hidden segment. */
export function checkName(name: string): string {
  const segments = name.split('/');
  if (name.length === 0 || name.length > 1000 || !segments.every((s) => SEGMENT.test(s))) {
    throw new CopilotError('INPUT_INVALID', `artifact name ${JSON.stringify(name)} is not a relative path of plain segments`, {
      hint: 'use letters, digits, . _ = + - in each /-separated segment, starting with a letter or digit (e.g. runs/v1/execution_report.json)',
    });
  }
  return name;
}

export function conflict(uri: string, stored: string, offered: string): CopilotError {
  return new CopilotError('ARTIFACT_CONFLICT', `${uri} already holds other content (sha256 ${stored}); refusing to replace it with sha256 ${offered}`, {
    hint: 'artifacts are write-once: publish under a new name (a new plan version or run id)',
  });
}

/** Throws unless `bytes` hash to what was recorded for `uri` (and to `expected`, when given). */
export function checkDigest(uri: string, bytes: Buffer, recorded: string | undefined, expected?: string): Buffer {
  const actual = sha256Hex(bytes);
  for (const [what, want] of [['recorded', recorded], ['expected', expected]] as const) {
    if (what === 'expected' && want === undefined) continue;
    if (want !== actual) {
      throw new CopilotError('ARTIFACT_DIGEST_MISMATCH', `${uri}: content has sha256 ${actual}, but the ${what} digest is ${want ?? '(none recorded)'}`, {
        hint: 'the object was changed or damaged after it was stored: do not use it; publish the artifact again under a new name',
      });
    }
  }
  return bytes;
}

/** The name of `uri` under `root`, or an input error naming both. */
export function nameUnder(root: string, uri: string): string {
  const base = root.endsWith('/') ? root : `${root}/`;
  if (!uri.startsWith(base)) throw new CopilotError('INPUT_INVALID', `${uri} is not in the artifact store ${root}`);
  return checkName(decodeURIComponent(uri.slice(base.length)));
}

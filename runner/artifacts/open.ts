// Picks the ArtifactStore for a location: a URI (file:PATH, file:///abs, gs://bucket/prefix,
// s3://bucket/prefix) or the artifact_store entry of .migration/config.yml. Relative filesystem paths are
// taken from `baseDir` (the repository). Endpoints other than the clouds' own come from the environment
// (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, STORAGE_EMULATOR_HOST), credentials from each SDK's own chain.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CopilotError } from '../../core/errors.js';
import { FilesystemStore } from './filesystem.js';
import { GcsStore } from './gcs.js';
import { S3Store } from './s3.js';
import type { ArtifactStore } from './store.js';

export type ArtifactStoreConfig =
  | { readonly kind: 'filesystem'; readonly path: string }
  | { readonly kind: 's3' | 'gcs'; readonly bucket: string; readonly prefix?: string };

export interface OpenOptions {
  readonly baseDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The URI a config entry names. */
export function storeUri(config: ArtifactStoreConfig): string {
  if (config.kind === 'filesystem') return `file:${config.path}`;
  const prefix = (config.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return `${config.kind === 'gcs' ? 'gs' : 's3'}://${config.bucket}${prefix ? `/${prefix}` : ''}`;
}

export function openArtifactStore(location: string | ArtifactStoreConfig, options: OpenOptions = {}): ArtifactStore {
  const uri = typeof location === 'string' ? location : storeUri(location);
  const env = options.env ?? process.env;
  const bucket = /^(gs|s3):\/\/([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (bucket) {
    const [, scheme, name, prefix] = bucket;
    if (scheme === 'gs') return new GcsStore({ bucket: name!, prefix, apiEndpoint: env.STORAGE_EMULATOR_HOST || undefined });
    return new S3Store({ bucket: name!, prefix, endpoint: env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined, region: env.AWS_REGION });
  }
  if (uri.startsWith('file:')) {
    const path = uri.startsWith('file://') ? fileURLToPath(uri) : uri.slice('file:'.length);
    if (path.length === 0) throw new CopilotError('INPUT_INVALID', 'artifact store file: needs a path');
    return new FilesystemStore(isAbsolute(path) ? path : resolve(options.baseDir ?? '.', path));
  }
  throw new CopilotError('INPUT_INVALID', `artifact store ${JSON.stringify(uri)} is not file:PATH, gs://BUCKET[/PREFIX] or s3://BUCKET[/PREFIX]`, {
    hint: 'set artifact_store in .migration/config.yml ({kind: filesystem, path: artifacts} is the default)',
  });
}

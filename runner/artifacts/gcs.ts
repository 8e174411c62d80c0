// The Google Cloud Storage ArtifactStore (@google-cloud/storage). Write-once is GCS's own: each upload
// carries the precondition ifGenerationMatch=0 ("only if no live object has this name"), so a second
// writer gets 412 and nothing is replaced. Each upload also carries its crc32c and md5 (GCS rejects bytes
// that do not match them) and its sha256 as custom metadata, which `get` checks after the download's own
// crc32c/md5 validation. The SDK is loaded on first use, so a run whose store is a folder does not pay for it.
import { createHash } from 'node:crypto';
import type * as GcsSdk from '@google-cloud/storage';
import { CopilotError } from '../../core/errors.js';
import { checkDigest, checkName, conflict, nameUnder, sha256Hex, type ArtifactStore, type StoredArtifact } from './store.js';

export interface GcsOptions {
  readonly bucket: string;
  readonly prefix?: string;
  /** A JSON API endpoint other than storage.googleapis.com (an emulator, a private endpoint). */
  readonly apiEndpoint?: string;
  readonly projectId?: string;
}

function status(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function ioError(what: string, e: unknown): CopilotError {
  return new CopilotError('IO_FAILED', `artifact store: ${what}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
}

export class GcsStore implements ArtifactStore {
  readonly root: string;
  private readonly options: GcsOptions;
  private readonly prefix: string;
  private sdk?: Promise<{ bucket: GcsSdk.Bucket; CRC32C: typeof GcsSdk.CRC32C }>;

  constructor(options: GcsOptions) {
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (this.prefix) checkName(this.prefix);
    this.root = `gs://${options.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.options = options;
  }

  private client() {
    this.sdk ??= import('@google-cloud/storage').then(({ Storage, CRC32C }) => ({
      CRC32C,
      bucket: new Storage({ apiEndpoint: this.options.apiEndpoint, projectId: this.options.projectId, retryOptions: { maxRetries: 2 } }).bucket(this.options.bucket),
    }));
    return this.sdk;
  }

  private key(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name;
  }

  private async recordedDigest(name: string): Promise<string | undefined> {
    const { bucket } = await this.client();
    const [meta] = await bucket.file(this.key(name)).getMetadata();
    const v = meta.metadata?.sha256;
    return typeof v === 'string' ? v : undefined;
  }

  async put(name: string, bytes: Uint8Array): Promise<StoredArtifact> {
    checkName(name);
    const uri = `${this.root}/${name}`;
    const sha256 = sha256Hex(bytes);
    const data = Buffer.from(bytes);
    const { bucket, CRC32C } = await this.client();
    const crc = new CRC32C();
    crc.update(data);
    try {
      await bucket.file(this.key(name)).save(data, {
        resumable: false,
        validation: 'crc32c',
        preconditionOpts: { ifGenerationMatch: 0 },
        metadata: {
          contentType: 'application/octet-stream',
          crc32c: crc.toString(),
          md5Hash: createHash('md5').update(data).digest('base64'),
          metadata: { sha256 },
        },
      });
      return { uri, sha256 };
    } catch (e) {
      if (status(e) !== 412) throw ioError(`cannot write ${uri}`, e);
    }
    let stored: string | undefined;
    try {
      stored = await this.recordedDigest(name);
    } catch (e) {
      throw ioError(`cannot read ${uri}`, e);
    }
    if (stored !== sha256) throw conflict(uri, stored ?? '(none recorded)', sha256);
    return { uri, sha256 };
  }

  async get(uri: string, expectedSha256?: string): Promise<Buffer> {
    const name = nameUnder(this.root, uri);
    try {
      const { bucket } = await this.client();
      const file = bucket.file(this.key(name));
      const [bytes] = await file.download({ validation: true });
      return checkDigest(uri, bytes, await this.recordedDigest(name), expectedSha256);
    } catch (e) {
      if (e instanceof CopilotError) throw e;
      if (status(e) === 404) throw new CopilotError('FILE_NOT_FOUND', `${uri} is not in the artifact store`);
      if ((e as { code?: unknown }).code === 'CONTENT_DOWNLOAD_MISMATCH') {
        throw new CopilotError('ARTIFACT_DIGEST_MISMATCH', `${uri}: the downloaded bytes do not match the object's crc32c/md5`, { cause: e });
      }
      throw ioError(`cannot read ${uri}`, e);
    }
  }

  async list(prefix = ''): Promise<string[]> {
    try {
      const { bucket } = await this.client();
      const [files] = await bucket.getFiles({ prefix: this.key(prefix), autoPaginate: true });
      const strip = this.prefix ? this.prefix.length + 1 : 0;
      return files.map((f) => f.name.slice(strip)).sort();
    } catch (e) {
      throw ioError(`cannot list ${this.root}`, e);
    }
  }
}

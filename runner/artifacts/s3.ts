// The S3 ArtifactStore (@aws-sdk/client-s3). Write-once: every PutObject carries `If-None-Match: *`, so
// S3 (which honours conditional writes since 2024) refuses a second writer with 412. Servers that ignore
// the header (s3rver, which the tests use; older S3-compatible stores) are covered by a HEAD before the
// put, which leaves a window between the HEAD and the put in which two different writers could both
// write: the README lists it among the known limits. Each put carries its Content-MD5 (the server rejects
// damaged bytes) and its sha256 as metadata, which `get` checks. The SDK is loaded on first use, so a run
// whose store is a folder does not pay for it.
import { createHash } from 'node:crypto';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { CopilotError } from '../../core/errors.js';
import { checkDigest, checkName, conflict, nameUnder, sha256Hex, type ArtifactStore, type StoredArtifact } from './store.js';

export interface S3Options {
  readonly bucket: string;
  readonly prefix?: string;
  /** An endpoint other than AWS's (s3rver, MinIO); path-style addressing is used with it. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function ioError(what: string, e: unknown): CopilotError {
  return new CopilotError('IO_FAILED', `artifact store: ${what}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
}

export class S3Store implements ArtifactStore {
  readonly root: string;
  private readonly options: S3Options;
  private sdk?: Promise<{ client: S3Sdk.S3Client; commands: typeof S3Sdk }>;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3Options) {
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (this.prefix) checkName(this.prefix);
    this.root = `s3://${options.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.options = options;
  }

  private client() {
    this.sdk ??= import('@aws-sdk/client-s3').then((commands) => ({
      commands,
      client: new commands.S3Client({
        region: this.options.region ?? 'us-east-1',
        ...(this.options.endpoint ? { endpoint: this.options.endpoint, forcePathStyle: true } : {}),
        ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        // Content-MD5 is sent explicitly; the SDK's default CRC32 trailer is not understood by every S3-compatible server.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      }),
    }));
    return this.sdk;
  }

  private key(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name;
  }

  /** The recorded sha256 of an existing object, or undefined when there is none. */
  private async head(name: string): Promise<{ sha256: string | undefined } | undefined> {
    try {
      const { client, commands } = await this.client();
      const out = await client.send(new commands.HeadObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      return { sha256: out.Metadata?.sha256 };
    } catch (e) {
      if (httpStatus(e) === 404) return undefined;
      throw e;
    }
  }

  async put(name: string, bytes: Uint8Array): Promise<StoredArtifact> {
    checkName(name);
    const uri = `${this.root}/${name}`;
    const sha256 = sha256Hex(bytes);
    try {
      const existing = await this.head(name);
      if (existing) {
        if (existing.sha256 !== sha256) throw conflict(uri, existing.sha256 ?? '(none recorded)', sha256);
        return { uri, sha256 };
      }
      const { client, commands } = await this.client();
      await client.send(new commands.PutObjectCommand({
        Bucket: this.bucket, Key: this.key(name), Body: bytes, IfNoneMatch: '*', ContentType: 'application/octet-stream',
        ContentMD5: createHash('md5').update(bytes).digest('base64'), Metadata: { sha256 },
      }));
      return { uri, sha256 };
    } catch (e) {
      if (e instanceof CopilotError) throw e;
      if (httpStatus(e) === 412 || httpStatus(e) === 409) {
        const now = await this.head(name).catch(() => undefined);
        if (now?.sha256 === sha256) return { uri, sha256 };
        throw conflict(uri, now?.sha256 ?? '(being written)', sha256);
      }
      throw ioError(`cannot write ${uri}`, e);
    }
  }

  async get(uri: string, expectedSha256?: string): Promise<Buffer> {
    const name = nameUnder(this.root, uri);
    try {
      const { client, commands } = await this.client();
      const out = await client.send(new commands.GetObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      const bytes = Buffer.from(await out.Body!.transformToByteArray());
      return checkDigest(uri, bytes, out.Metadata?.sha256, expectedSha256);
    } catch (e) {
      if (e instanceof CopilotError) throw e;
      if (httpStatus(e) === 404) throw new CopilotError('FILE_NOT_FOUND', `${uri} is not in the artifact store`);
      throw ioError(`cannot read ${uri}`, e);
    }
  }

  async list(prefix = ''): Promise<string[]> {
    const names: string[] = [];
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    try {
      const { client, commands } = await this.client();
      let token: string | undefined;
      do {
        const out = await client.send(new commands.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(prefix), ContinuationToken: token }));
        for (const o of out.Contents ?? []) if (o.Key) names.push(o.Key.slice(strip));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw ioError(`cannot list ${this.root}`, e);
    }
    return names.sort();
  }
}

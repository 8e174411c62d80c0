// A small fake of Google Cloud Storage's JSON API, enough for @google-cloud/storage 7: multipart uploads
// with generation preconditions (ifGenerationMatch=0 refuses an existing name with 412) and the crc32c and
// md5Hash the client declares checked against the bytes (400 when they differ), object metadata, media
// downloads with x-goog-hash, and listing by prefix. `tamper` changes stored bytes or metadata behind the
// client's back, for the tests that prove a damaged object is refused.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  bytes: Buffer;
  generation: number;
  metadata: Record<string, string>;
  contentType: string;
  /** The hashes GCS would report (of the bytes as written). */
  crc32c: string;
  md5Hash: string;
}

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), big-endian, base64: the form GCS uses. */
export function crc32cBase64(bytes: Uint8Array): string {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The parts of a multipart/related body: [headers+body] each. */
function multipart(raw: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error('no boundary');
  const sep = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const next = raw.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = raw.subarray(at + sep.length, next);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) parts.push(part.subarray(split + 4, part.length - 2));
    at = next;
  }
  return parts;
}

export interface FakeGcs {
  readonly url: string;
  readonly requests: { method: string; path: string; status: number }[];
  /** Replace an object's bytes (keeping its recorded hashes) or its custom metadata. */
  tamper(bucket: string, name: string, change: { bytes?: Buffer; metadata?: Record<string, string> }): void;
  close(): Promise<void>;
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const objects = new Map<string, StoredObject>();
  let generation = 1_700_000_000_000_000;
  const requests: FakeGcs['requests'] = [];

  const resource = (bucket: string, name: string, o: StoredObject) => ({
    kind: 'storage#object', id: `${bucket}/${name}/${o.generation}`, name, bucket, generation: String(o.generation), metageneration: '1',
    contentType: o.contentType, size: String(o.bytes.length), crc32c: o.crc32c, md5Hash: o.md5Hash, metadata: o.metadata,
    timeCreated: new Date().toISOString(), updated: new Date().toISOString(), storageClass: 'STANDARD',
  });

  const send = (res: ServerResponse, status: number, json: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=UTF-8');
    res.end(JSON.stringify(json));
  };
  const fail = (res: ServerResponse, status: number, message: string) => send(res, status, { error: { code: status, message, errors: [{ message, reason: 'fake' }] } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (req.method === 'POST' && upload) {
      const bucket = upload[1]!;
      const name = url.searchParams.get('name') ?? '';
      if (url.searchParams.get('uploadType') !== 'multipart') return fail(res, 400, 'only multipart uploads are served by this fake');
      const [metaPart, media] = multipart(await body(req), req.headers['content-type'] ?? '');
      if (!metaPart || !media) return fail(res, 400, 'a multipart upload needs metadata and media parts');
      const meta = JSON.parse(metaPart.toString('utf8')) as { contentType?: string; crc32c?: string; md5Hash?: string; metadata?: Record<string, string> };
      const key = `${bucket}/${name}`;
      const match = url.searchParams.get('ifGenerationMatch');
      const existing = objects.get(key);
      if (match !== null && String(existing?.generation ?? 0) !== match) return fail(res, 412, 'At least one of the pre-conditions you specified did not hold.');
      const crc32c = crc32cBase64(media);
      const md5Hash = md5Base64(media);
      if (meta.crc32c !== undefined && meta.crc32c !== crc32c) return fail(res, 400, `Provided CRC32C "${meta.crc32c}" doesn't match calculated CRC32C "${crc32c}".`);
      if (meta.md5Hash !== undefined && meta.md5Hash !== md5Hash) return fail(res, 400, `Provided MD5 hash "${meta.md5Hash}" doesn't match calculated MD5 hash "${md5Hash}".`);
      generation += 1;
      const stored: StoredObject = { bytes: Buffer.from(media), generation, metadata: meta.metadata ?? {}, contentType: meta.contentType ?? 'application/octet-stream', crc32c, md5Hash };
      objects.set(key, stored);
      return send(res, 200, resource(bucket, name, stored));
    }
    if (req.method === 'GET' && object) {
      const bucket = object[1]!;
      const name = decodeURIComponent(object[2]!);
      const o = objects.get(`${bucket}/${name}`);
      if (!o) return fail(res, 404, `No such object: ${bucket}/${name}`);
      if (url.searchParams.get('alt') !== 'media') return send(res, 200, resource(bucket, name, o));
      res.statusCode = 200;
      res.setHeader('content-type', o.contentType);
      res.setHeader('x-goog-hash', `crc32c=${o.crc32c},md5=${o.md5Hash}`);
      res.setHeader('x-goog-generation', String(o.generation));
      res.setHeader('x-goog-stored-content-encoding', 'identity');
      res.setHeader('content-length', String(o.bytes.length));
      return res.end(o.bytes);
    }
    if (req.method === 'GET' && list) {
      const bucket = list[1]!;
      const prefix = url.searchParams.get('prefix') ?? '';
      const items = [...objects.entries()].filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
        .map(([k, o]) => resource(bucket, k.slice(bucket.length + 1), o)).sort((a, b) => a.name.localeCompare(b.name));
      return send(res, 200, { kind: 'storage#objects', items });
    }
    return fail(res, 404, `the fake does not serve ${req.method} ${url.pathname}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => fail(res, 500, (e as Error).message)).finally(() => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests,
    tamper(bucket, name, change) {
      const o = objects.get(`${bucket}/${name}`);
      if (!o) throw new Error(`no object ${bucket}/${name}`);
      if (change.bytes) o.bytes = change.bytes;
      if (change.metadata) o.metadata = change.metadata;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

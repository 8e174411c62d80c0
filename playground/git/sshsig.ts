// SSH signatures (OpenSSH PROTOCOL.sshsig), the format of `git -c gpg.format=ssh` signatures, made and
// checked in-process with Ed25519: git and ssh-keygen verify what this signs, and this verifies theirs.
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const MAGIC = Buffer.from('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

function sshString(b: Buffer | string): Buffer {
  const data = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  bytes(n: number): Buffer {
    if (this.at + n > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u32(): number {
    return this.bytes(4).readUInt32BE();
  }
  string(): Buffer {
    return this.bytes(this.u32());
  }
}

export interface SshKeyPair {
  readonly privateKey: KeyObject;
  /** "ssh-ed25519 AAAA..." */
  readonly publicKey: string;
}

function rawEd25519(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

function publicBlob(key: KeyObject): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(rawEd25519(key))]);
}

export function generateSshKey(): SshKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: `ssh-ed25519 ${publicBlob(publicKey).toString('base64')}` };
}

function signedData(namespace: string, message: string | Buffer): Buffer {
  const digest = createHash('sha512').update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString('sha512'), sshString(digest)]);
}

export function sshSign(key: SshKeyPair, message: string | Buffer, namespace = 'git'): string {
  const pub = Buffer.from(key.publicKey.split(' ')[1]!, 'base64');
  const sig = sign(null, signedData(namespace, message), key.privateKey);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([MAGIC, version, sshString(pub), sshString(namespace), sshString(''), sshString('sha512'),
    sshString(Buffer.concat([sshString('ssh-ed25519'), sshString(sig)]))]);
  const b64 = blob.toString('base64').match(/.{1,70}/g)!.join('\n');
  return `${BEGIN}\n${b64}\n${END}\n`;
}

export type SshVerifyResult =
  | { readonly ok: true; readonly publicKey: string }
  | { readonly ok: false; readonly reason: 'malformed_signature' | 'unknown_signature_type' | 'invalid'; readonly publicKey?: string };

export function sshVerify(armored: string, message: string | Buffer, namespace = 'git'): SshVerifyResult {
  const body = armored.trim();
  if (!body.startsWith(BEGIN) || !body.endsWith(END)) return { ok: false, reason: 'malformed_signature' };
  try {
    const r = new Reader(Buffer.from(body.slice(BEGIN.length, -END.length).replace(/\s+/g, ''), 'base64'));
    if (!r.bytes(6).equals(MAGIC) || r.u32() !== 1) return { ok: false, reason: 'malformed_signature' };
    const pub = r.string();
    const ns = r.string().toString();
    r.string();
    const hashAlg = r.string().toString();
    const sigBlob = new Reader(r.string());
    const pr = new Reader(pub);
    const keyType = pr.string().toString();
    const publicKey = `${keyType} ${pub.toString('base64')}`;
    if (keyType !== 'ssh-ed25519' || sigBlob.string().toString() !== 'ssh-ed25519') {
      return { ok: false, reason: 'unknown_signature_type', publicKey };
    }
    if (ns !== namespace || (hashAlg !== 'sha512' && hashAlg !== 'sha256')) return { ok: false, reason: 'invalid', publicKey };
    const raw = pr.string();
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    const digest = createHash(hashAlg).update(message).digest();
    const data = Buffer.concat([MAGIC, sshString(ns), sshString(''), sshString(hashAlg), sshString(digest)]);
    return verify(null, data, key, sigBlob.string()) ? { ok: true, publicKey } : { ok: false, reason: 'invalid', publicKey };
  } catch {
    return { ok: false, reason: 'malformed_signature' };
  }
}

/** Compares "ssh-ed25519 AAAA... comment" lines by key type and key only. */
export function sameSshKey(a: string, b: string): boolean {
  const [ta, ka] = a.trim().split(/\s+/);
  const [tb, kb] = b.trim().split(/\s+/);
  return ta === tb && ka === kb;
}

// Git objects of a bare repository, read and written as loose objects in JS: no git process per API call.
// Repositories are configured so that pushes are always unpacked into loose objects (see bare.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface GitObject {
  readonly type: ObjectType;
  readonly content: Buffer;
}

// Objects never change once written, so reads are cached (bounded) and fan-out directories that exist
// are remembered: the file system, not git, is what costs time here.
const cache = new Map<string, GitObject>();
const CACHE_LIMIT = 50_000;
const knownDirs = new Set<string>();

function remember(key: string, obj: GitObject): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, obj);
}

function objectPath(dir: string, sha: string): string {
  return join(dir, 'objects', sha.slice(0, 2), sha.slice(2));
}

export function hashObject(type: ObjectType, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

export function writeObject(dir: string, type: ObjectType, content: Buffer): string {
  const sha = hashObject(type, content);
  const key = `${dir}\0${sha}`;
  if (cache.has(key)) return sha;
  const path = objectPath(dir, sha);
  const fanout = join(dir, 'objects', sha.slice(0, 2));
  if (!knownDirs.has(fanout)) {
    mkdirSync(fanout, { recursive: true });
    knownDirs.add(fanout);
  }
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, deflateSync(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content])));
    renameSync(tmp, path);
  }
  remember(key, { type, content });
  return sha;
}

export function readObject(dir: string, sha: string): GitObject | undefined {
  if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
  const key = `${dir}\0${sha}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let raw: Buffer;
  try {
    raw = inflateSync(readFileSync(objectPath(dir, sha)));
  } catch {
    return undefined;
  }
  const nul = raw.indexOf(0);
  const [type] = raw.subarray(0, nul).toString().split(' ');
  const obj = { type: type as ObjectType, content: raw.subarray(nul + 1) };
  remember(key, obj);
  return obj;
}

export function hasObject(dir: string, sha: string): boolean {
  return /^[0-9a-f]{40}$/.test(sha) && (cache.has(`${dir}\0${sha}`) || existsSync(objectPath(dir, sha)));
}

/** Forgets what is cached for repositories under `prefix` (called when they are removed). */
export function forgetUnder(prefix: string): void {
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
  for (const d of knownDirs) if (d.startsWith(prefix)) knownDirs.delete(d);
}

export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly sha: string;
}

export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let i = 0;
  while (i < content.length) {
    const space = content.indexOf(0x20, i);
    const nul = content.indexOf(0, space);
    entries.push({
      mode: content.subarray(i, space).toString(),
      name: content.subarray(space + 1, nul).toString(),
      sha: content.subarray(nul + 1, nul + 21).toString('hex'),
    });
    i = nul + 21;
  }
  return entries;
}

/** Git's tree order: byte order of names, with directories compared as if they ended in "/". */
export function serializeTree(entries: TreeEntry[]): Buffer {
  const key = (e: TreeEntry) => (e.mode === '40000' ? `${e.name}/` : e.name);
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return Buffer.concat(sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]));
}

export interface Person {
  readonly name: string;
  readonly email: string;
  /** seconds since the epoch */
  readonly time: number;
  readonly tz: string;
}

export interface Commit {
  readonly tree: string;
  readonly parents: string[];
  readonly author: Person;
  readonly committer: Person;
  readonly message: string;
  /** The armored signature (gpgsig header), if any. */
  readonly signature: string | null;
  /** The bytes that were signed: the commit without its gpgsig header. */
  readonly payload: string;
}

export interface Tag {
  readonly object: string;
  readonly type: ObjectType;
  readonly tag: string;
  readonly tagger: Person | null;
  readonly message: string;
  readonly signature: string | null;
  readonly payload: string;
}

function parsePerson(value: string): Person {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!m) return { name: value, email: '', time: 0, tz: '+0000' };
  return { name: m[1]!, email: m[2]!, time: Number(m[3]), tz: m[4]! };
}

export function formatPerson(p: Person): string {
  return `${p.name} <${p.email}> ${p.time} ${p.tz}`;
}

/** Splits headers (with continuation lines) from the message. */
function parseHeaders(text: string): { headers: [string, string][]; message: string; raw: string[] } {
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? '' : text.slice(end + 2);
  const headers: [string, string][] = [];
  const raw = head.split('\n');
  for (const line of raw) {
    if (line.startsWith(' ') && headers.length > 0) headers[headers.length - 1]![1] += `\n${line.slice(1)}`;
    else {
      const sp = line.indexOf(' ');
      headers.push([line.slice(0, sp), line.slice(sp + 1)]);
    }
  }
  return { headers, message, raw };
}

export function parseCommit(content: Buffer): Commit {
  const text = content.toString('utf8');
  const { headers, message } = parseHeaders(text);
  const get = (k: string) => headers.find(([h]) => h === k)?.[1];
  const signature = get('gpgsig') ?? null;
  let payload = text;
  if (signature !== null) {
    const start = text.indexOf('\ngpgsig ');
    const sigLines = signature.split('\n').length;
    const lines = text.slice(start + 1).split('\n');
    payload = text.slice(0, start + 1) + lines.slice(sigLines).join('\n');
  }
  return {
    tree: get('tree') ?? '',
    parents: headers.filter(([h]) => h === 'parent').map(([, v]) => v),
    author: parsePerson(get('author') ?? ''),
    committer: parsePerson(get('committer') ?? ''),
    message,
    signature,
    payload,
  };
}

export function serializeCommit(c: Omit<Commit, 'payload' | 'signature'>, signature?: string): Buffer {
  const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`),
    `author ${formatPerson(c.author)}`, `committer ${formatPerson(c.committer)}`];
  if (signature) lines.push(`gpgsig ${signature.trimEnd().split('\n').join('\n ')}`);
  return Buffer.from(`${lines.join('\n')}\n\n${c.message}`);
}

const SIG_MARKERS = ['-----BEGIN SSH SIGNATURE-----', '-----BEGIN PGP SIGNATURE-----'];

export function parseTag(content: Buffer): Tag {
  const text = content.toString('utf8');
  const { headers, message } = parseHeaders(text);
  const get = (k: string) => headers.find(([h]) => h === k)?.[1];
  let signature: string | null = null;
  let body = message;
  for (const marker of SIG_MARKERS) {
    const at = message.indexOf(marker);
    if (at >= 0) {
      signature = message.slice(at);
      body = message.slice(0, at);
    }
  }
  const tagger = get('tagger');
  return {
    object: get('object') ?? '',
    type: (get('type') ?? 'commit') as ObjectType,
    tag: get('tag') ?? '',
    tagger: tagger ? parsePerson(tagger) : null,
    message: body,
    signature,
    payload: signature === null ? text : text.slice(0, text.length - signature.length),
  };
}

export function serializeTag(t: Omit<Tag, 'payload' | 'signature'>): Buffer {
  const lines = [`object ${t.object}`, `type ${t.type}`, `tag ${t.tag}`];
  if (t.tagger) lines.push(`tagger ${formatPerson(t.tagger)}`);
  return Buffer.from(`${lines.join('\n')}\n\n${t.message}`);
}

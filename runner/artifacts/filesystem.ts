// The filesystem ArtifactStore (the default): objects are files under a root directory, each with its
// sha256 beside it under .sha256/. Write-once without a window: the bytes go to a private temp file in the
// same directory, which is then hard-linked to its name; link(2) never replaces an existing name, so a
// reader sees either nothing or the whole file, and two writers cannot both win.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CopilotError } from '../../core/errors.js';
import { checkDigest, checkName, conflict, nameUnder, sha256Hex, type ArtifactStore, type StoredArtifact } from './store.js';

const DIGESTS = '.sha256';

function ioError(what: string, cause: unknown): CopilotError {
  return new CopilotError('IO_FAILED', `artifact store: ${what}: ${(cause as Error).message}`, { cause });
}

/** Writes `bytes` at `path` unless the name exists; true when this call created it. */
async function createOnce(path: string, bytes: Uint8Array): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readIfThere(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export class FilesystemStore implements ArtifactStore {
  readonly root: string;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.root = pathToFileURL(this.dir).href;
  }

  private uriOf(name: string): string {
    return `${this.root}/${name}`;
  }

  async put(name: string, bytes: Uint8Array): Promise<StoredArtifact> {
    checkName(name);
    const uri = this.uriOf(name);
    const sha256 = sha256Hex(bytes);
    try {
      // The digest claims the name first: a crash before the object is linked leaves a claim that only the
      // same bytes can complete.
      const digestPath = join(this.dir, DIGESTS, `${name}.sha256`);
      if (!(await createOnce(digestPath, Buffer.from(sha256)))) {
        const stored = (await readFile(digestPath, 'utf8')).trim();
        if (stored !== sha256) throw conflict(uri, stored, sha256);
      }
      const path = join(this.dir, name);
      if (!(await createOnce(path, bytes))) {
        const existing = sha256Hex(await readFile(path));
        if (existing !== sha256) throw conflict(uri, existing, sha256);
      }
    } catch (e) {
      if (e instanceof CopilotError) throw e;
      throw ioError(`cannot write ${uri}`, e);
    }
    return { uri, sha256 };
  }

  async get(uri: string, expectedSha256?: string): Promise<Buffer> {
    const name = nameUnder(this.root, uri);
    let bytes: Buffer | undefined;
    let recorded: string | undefined;
    try {
      bytes = await readIfThere(join(this.dir, name));
      recorded = (await readIfThere(join(this.dir, DIGESTS, `${name}.sha256`)))?.toString('utf8').trim();
    } catch (e) {
      throw ioError(`cannot read ${uri}`, e);
    }
    if (bytes === undefined) throw new CopilotError('FILE_NOT_FOUND', `${uri} is not in the artifact store`);
    return checkDigest(uri, bytes, recorded, expectedSha256);
  }

  async list(prefix = ''): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.dir, { recursive: true, withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ioError(`cannot list ${this.root}`, e);
    }
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(this.dir, join(e.parentPath, e.name)).split(sep).join('/'))
      .filter((n) => !n.split('/').some((s) => s.startsWith('.')) && n.startsWith(prefix))
      .sort();
  }
}

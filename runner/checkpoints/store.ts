// Checkpoints: what a killed run needs to resume where it stopped. Keys are plain relative names
// (`<step>/step.json`, `<step>/chunk-0007.json`); values are JSON. A put replaces atomically, so a reader
// sees the old value or the new one, never half of either. `execute` keeps them in the run's artifact
// store (ArtifactCheckpointStore: filesystem, S3 or GCS, so matrix shards and the job that resumes them
// share them); a plain folder (FilesystemCheckpointStore) and memory (a rehearsal) serve the same interface.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import type { ArtifactStore } from '../artifacts/store.js';

export interface CheckpointStore {
  /** Where the checkpoints live, for the report. */
  readonly location: string;
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new CopilotError('INTERNAL', `not a checkpoint key: ${JSON.stringify(key)}`);
  return key;
}

export class FilesystemCheckpointStore implements CheckpointStore {
  constructor(private readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, checkKey(key)), 'utf8')) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CopilotError('IO_FAILED', `checkpoint ${key} in ${this.dir} cannot be read: ${(e as Error).message}`, { cause: e });
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    const path = join(this.dir, checkKey(key));
    const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, `${JSON.stringify(value)}\n`);
      await rename(temp, path);
    } catch (e) {
      throw new CopilotError('IO_FAILED', `checkpoint ${key} cannot be written to ${this.dir}: ${(e as Error).message}`, { cause: e });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(join(this.dir, rel), { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new CopilotError('IO_FAILED', `checkpoints in ${this.dir} cannot be listed: ${(e as Error).message}`, { cause: e });
      }
      for (const e of entries) {
        const name = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(name);
        else if (!e.name.includes('.tmp-')) out.push(name);
      }
    };
    await walk('');
    return out.filter((k) => k.startsWith(prefix)).sort();
  }
}

/** Checkpoints of a run that is thrown away when it ends (a rehearsal): nothing to resume, nothing written. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly values = new Map<string, string>();

  readonly location = 'memory';

  async get<T>(key: string): Promise<T | undefined> {
    const v = this.values.get(checkKey(key));
    return v === undefined ? undefined : JSON.parse(v) as T;
  }

  async put(key: string, value: unknown): Promise<void> {
    this.values.set(checkKey(key), JSON.stringify(value));
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

const VERSIONED = /^(.*)\.v([0-9]+)$/;

/**
 * Checkpoints as objects of an artifact store, under `prefix`. The store is write-once, so a key written
 * again with other content (after a run was killed between a filesystem store's claim of a name and its
 * object, say) goes to the next version, `<key>.v2`, `<key>.v3`, ..., and a read takes the highest. The
 * store is listed once, when opened (a run's shards have finished by then); this process's own writes
 * are remembered, so a get costs at most one read and a missing key none.
 */
export class ArtifactCheckpointStore implements CheckpointStore {
  private readonly latest = new Map<string, { readonly name: string; readonly version: number }>();
  private readonly cache = new Map<string, string>();

  private constructor(private readonly store: ArtifactStore, private readonly prefix: string) {}

  static async open(store: ArtifactStore, prefix: string): Promise<ArtifactCheckpointStore> {
    const s = new ArtifactCheckpointStore(store, prefix.replace(/\/+$/, ''));
    for (const name of await store.list(`${s.prefix}/`)) {
      const rel = name.slice(s.prefix.length + 1);
      const m = VERSIONED.exec(rel);
      const key = m ? m[1]! : rel;
      const version = m ? Number(m[2]) : 1;
      if (version >= (s.latest.get(key)?.version ?? 0)) s.latest.set(key, { name, version });
    }
    return s;
  }

  get location(): string {
    return `${this.store.root}/${this.prefix}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    checkKey(key);
    let text = this.cache.get(key);
    if (text === undefined) {
      const at = this.latest.get(key);
      if (!at) return undefined;
      text = (await this.store.get(`${this.store.root}/${at.name}`)).toString('utf8');
      this.cache.set(key, text);
    }
    return JSON.parse(text) as T;
  }

  async put(key: string, value: unknown): Promise<void> {
    checkKey(key);
    if (VERSIONED.test(key)) throw new CopilotError('INTERNAL', `checkpoint key ${key} ends like a version (.v<N>)`);
    const text = `${JSON.stringify(value)}\n`;
    if (this.cache.get(key) === text) return;
    const base = `${this.prefix}/${key}`;
    for (let version = (this.latest.get(key)?.version ?? 0) + 1, tries = 0; tries < 20; version++, tries++) {
      const name = version === 1 ? base : `${base}.v${version}`;
      try {
        await this.store.put(name, Buffer.from(text));
      } catch (e) {
        if (e instanceof CopilotError && e.code === 'ARTIFACT_CONFLICT') continue;
        throw e;
      }
      this.latest.set(key, { name, version });
      this.cache.set(key, text);
      return;
    }
    throw new CopilotError('IO_FAILED', `checkpoint ${key} cannot be written to ${this.location}: 20 versions are taken`);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.latest.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

// Checkpoints: what a killed run needs to resume where it stopped. Keys are plain relative names
// (`<step>/step.json`, `<step>/chunk-0007.json`); values are JSON. A put replaces atomically (write to a
// temp file, then rename), so a reader sees the old value or the new one, never half of either.
// Filesystem now; the artifact store can back the same interface later.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CopilotError } from '../../core/errors.js';

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

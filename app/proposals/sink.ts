// Where the app keeps what agents produce (the orchestrator stores every proposal, reasoning and file by
// sha256 before a pull request is opened): MIGRATION_COPILOT_ARTIFACT_STORE. `file:DIR` is a write-once
// folder (the same bytes again: a no-op; other bytes under a name: refused). The bucket stores (s3://, gs://)
// are the runner's; for them the app keeps its agents' artifacts for the job only, since the pull request
// carries every file and its reasoning anyway.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { MemorySink, type ArtifactSink, type StoredRef } from '../agents/sink.js';

class FolderSink implements ArtifactSink {
  constructor(private readonly root: string) {}

  async put(name: string, bytes: Uint8Array): Promise<StoredRef> {
    if (name.split('/').some((p) => p === '..' || p === '') || name.startsWith('/')) throw new CopilotError('INTERNAL', `artifact name ${name} leaves the store`);
    const path = join(this.root, ...name.split('/'));
    const sha256 = sha256Hex(bytes);
    const had = await readFile(path).catch(() => undefined);
    if (had) {
      if (sha256Hex(had) !== sha256) throw new CopilotError('ARTIFACT_CONFLICT', `artifact ${name} already holds other content; the store is write-once`);
    } else {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    }
    return { uri: `file:${path}`, sha256 };
  }
}

/** The sink for `MIGRATION_COPILOT_ARTIFACT_STORE` (relative folders from the app's working directory), under `owner/repo/`. */
export function proposalSink(store: string, owner: string, repo: string): ArtifactSink {
  if (store.startsWith('file:')) return new FolderSink(resolve(store.slice('file:'.length), owner, repo));
  return new MemorySink();
}

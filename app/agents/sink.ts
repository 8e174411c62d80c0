// Where the orchestrator stores what agents produce, by sha256: the caller passes one in (the CLI a
// filesystem ArtifactStore, tests a memory one). runner/artifacts' ArtifactStore fits this shape.
import { sha256Hex } from '../../core/json/canonical.js';

export interface StoredRef {
  readonly uri: string;
  readonly sha256: string;
}

export interface ArtifactSink {
  put(name: string, bytes: Uint8Array): Promise<StoredRef>;
}

/** Keeps artifacts in memory, write-once like the real stores (same bytes: no-op; other bytes: refused). */
export class MemorySink implements ArtifactSink {
  readonly objects = new Map<string, Uint8Array>();

  async put(name: string, bytes: Uint8Array): Promise<StoredRef> {
    const sha256 = sha256Hex(bytes);
    const had = this.objects.get(name);
    if (had && sha256Hex(had) !== sha256) throw new Error(`artifact ${name} already holds other content`);
    this.objects.set(name, bytes);
    return { uri: `memory:${name}`, sha256 };
  }
}

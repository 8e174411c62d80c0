// What every step of a run shares: the verified plan and its inputs, the grant minter, the connections
// (opened lazily, reopened after a transient failure), the checkpoint store, the retry policy and the
// progress reporter.
import type { DeepReadonly } from '../../core/schema/readonly.js';
import type { MigrationPlan, SchemaMapping } from '../../core/types/generated.js';
import type { WriteGrant } from '../connectors/connection.js';
import { openExtractor, type Extractor } from '../connectors/extract.js';
import { openWriter } from '../connectors/open-writer.js';
import type { WriteConnection } from '../connectors/writer.js';
import type { Redactor } from '../secrets/redact.js';
import type { CheckpointStore } from '../checkpoints/store.js';
import type { Progress } from './progress.js';
import type { RetryPolicy } from './retry.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface JobContext {
  readonly plan: DeepReadonly<MigrationPlan>;
  readonly planSha256: string;
  readonly version: number;
  readonly mapping: DeepReadonly<SchemaMapping> | undefined;
  /** A models/ file at the tagged commit. */
  readonly model: (path: string) => string | undefined;
  readonly grant: (stepId: string) => WriteGrant;
  readonly links: Links;
  readonly checkpoints: CheckpointStore;
  readonly retry: RetryPolicy;
  readonly shard?: Shard;
  readonly progress: Progress;
  readonly now: () => number;
}

/** The source and target connections of a run, opened when first needed. */
export class Links {
  private src?: Promise<Extractor>;
  private dst?: Promise<WriteConnection>;

  constructor(
    private readonly sourceUri: string,
    private readonly targetUri: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly redactor: Redactor,
    /** What the steps read instead of the source's tables (a rehearsal's sample); default: the tables. */
    private readonly sourceView: (e: Extractor) => Extractor = (e) => e,
  ) {}

  source(): Promise<Extractor> {
    this.src ??= openExtractor(this.sourceUri, this.env, this.redactor).then(this.sourceView);
    this.src.catch(() => { this.src = undefined; });
    return this.src;
  }

  target(): Promise<WriteConnection> {
    this.dst ??= openWriter(this.targetUri, this.env, this.redactor);
    this.dst.catch(() => { this.dst = undefined; });
    return this.dst;
  }

  /** Closes both; the next use opens fresh ones (after a dropped connection). */
  async reset(): Promise<void> {
    const [s, d] = [this.src, this.dst];
    this.src = undefined;
    this.dst = undefined;
    await Promise.all([s?.then((c) => c.close()).catch(() => undefined), d?.then((c) => c.close()).catch(() => undefined)]);
  }
}

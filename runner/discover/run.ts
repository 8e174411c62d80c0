// The read-only discovery and profiling runs behind `migration-copilot discover|profile` and the
// runner's workflow_dispatch job: open the source, read, check the result against its schema, close.
import { CopilotError } from '../../core/errors.js';
import type { ReadonlyPolicy } from '../../core/policy/index.js';
import { validateDocument } from '../../core/schema/index.js';
import type { SourceCatalog, SourceProfile } from '../../core/types/generated.js';
import { openConnection } from '../connectors/open.js';
import { Redactor } from '../secrets/redact.js';
import { readCatalog } from './catalog.js';
import { catalogQueriesFor } from './engines.js';
import { profileSource } from './profile.js';

export interface SourceRun {
  readonly uri: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly scope: readonly string[];
  readonly capturedAt: string;
}

function checked<T>(name: string, value: T): T {
  const findings = validateDocument(name, value, { file: `${name}.json`, lines: new Map() });
  if (findings.length > 0) {
    throw new CopilotError('INTERNAL', `the ${name} produced does not match its schema: ${findings.slice(0, 3).map((f) => f.message).join('; ')}`);
  }
  return value;
}

export async function discoverSource(run: SourceRun): Promise<SourceCatalog> {
  const conn = await openConnection(run.uri, run.env, new Redactor());
  try {
    return checked('source_catalog', await readCatalog(conn, catalogQueriesFor(conn, run.scope), { scope: run.scope, capturedAt: run.capturedAt }));
  } finally {
    await conn.close();
  }
}

export interface ProfileRun extends SourceRun {
  readonly policy: ReadonlyPolicy;
  /** The catalog to profile; read from the source when absent. */
  readonly catalog?: SourceCatalog;
  readonly maxRows?: number;
  readonly sampleValues?: number;
}

export async function profileSourceAt(run: ProfileRun): Promise<{ catalog: SourceCatalog; profile: SourceProfile }> {
  const conn = await openConnection(run.uri, run.env, new Redactor());
  try {
    const q = catalogQueriesFor(conn, run.scope);
    const catalog = run.catalog ?? checked('source_catalog', await readCatalog(conn, q, { scope: run.scope, capturedAt: run.capturedAt }));
    const profile = await profileSource(conn, q, catalog, {
      policy: run.policy, capturedAt: run.capturedAt,
      ...(run.maxRows !== undefined ? { maxRows: run.maxRows } : {}),
      ...(run.sampleValues !== undefined ? { sampleValues: run.sampleValues } : {}),
    });
    return { catalog, profile: checked('source_profile', profile) };
  } finally {
    await conn.close();
  }
}

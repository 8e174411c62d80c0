// The demo's realistic source, built by the repository admin before people act: DuckDB (a file in the work
// folder) by default, PostgreSQL with --source postgres. See model.ts for what it holds.
import { join } from 'node:path';
import { buildDuckdbSource } from './duckdb.js';
import type { BuiltSource, SourceEngine } from './model.js';
import { buildPostgresSource, DEFAULT_PG_URL } from './postgres.js';

export { type BuiltSource, type SourceEngine } from './model.js';
export const SOURCE_ENGINES: readonly SourceEngine[] = ['duckdb', 'postgres'];

export async function buildSource(engine: SourceEngine, work: string, env: NodeJS.ProcessEnv, keep: boolean): Promise<BuiltSource> {
  return engine === 'postgres'
    ? buildPostgresSource(env.PG_URL || DEFAULT_PG_URL, keep)
    : buildDuckdbSource(join(work, 'source.duckdb'));
}

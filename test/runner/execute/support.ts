// Shared by the execute and fault tests: the real CLI as a child process (never reading the terminal),
// PostgreSQL source tables in a schema of their own, and DuckDB reads of a target file.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';

const BIN = join(import.meta.dirname, '../../../bin/migration-copilot.js');

export interface Run { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }

export function start(args: readonly string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Run>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MIGRATION_COPILOT_DEBUG: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderrSoFar: () => stderr };
}

export function run(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return start(args, env).done;
}

export async function pgQuery<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function duckRows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const i = await DuckDBInstance.create(path, path === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const c = await i.connect();
  try {
    await c.run("SET TimeZone = 'UTC'");
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    i.closeSync();
  }
}

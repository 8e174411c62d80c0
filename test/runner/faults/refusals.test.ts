// A plan edited after signing, a tag signed by an unknown key, a policy changed after signing: execute
// refuses (exit 1) and writes nothing anywhere: no target table, no run folder, no checkpoint, no artifact.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { git, signedRepo, type SignedRepo } from '../execute/fixture.js';
import { pgQuery, run } from '../execute/support.js';

const src = uniqueName('mc_refuse_src');
const dst = uniqueName('mc_refuse_dst');
let signed: SignedRepo;

beforeAll(async () => {
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE SCHEMA ${dst}; CREATE TABLE ${src}.a (id integer PRIMARY KEY, t text); INSERT INTO ${src}.a SELECT g, 'x' FROM generate_series(1, 20) g;`);
  signed = await signedRepo({
    target: 'postgres', sourceSchema: src, targetSchema: dst, chunkRows: 10,
    tables: [{ name: 'a', columns: [{ name: 'id', pg: 'integer', target: 'integer' }, { name: 't', pg: 'text', target: 'text' }], rows: 20 }],
  });
}, 120_000);

afterAll(async () => {
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dst} CASCADE`);
  await removeRepos();
});

async function copy(): Promise<string> {
  const dir = await mkdtemp(join(signed.dir, 'case-'));
  await cp(signed.repo, dir, { recursive: true });
  return dir;
}

const retag = (repo: string, ...cfg: string[]) => git(repo, ...cfg, 'tag', '-f', '-s', '-a', 'plan/v1', '-m', 'plan v1');

describe('execute refuses, writing nothing', () => {
  it.each<[string, (repo: string) => Promise<void>, RegExp, RegExp]>([
    ['a plan edited after signing', async (r) => {
      const f = join(r, 'plans/migration_plan.json');
      await writeFile(f, (await readFile(f, 'utf8')).replace('"chunk_rows": 10', '"chunk_rows": 11'));
      git(r, 'commit', '-q', '-S', '-am', 'edit the plan'); retag(r);
    }, /FAIL plan-sha256/, /refused by the plan gate/],
    ['a tag signed by an unknown key', async (r) => {
      const key = join(r, '..', `stranger-${Date.now()}`);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', key]);
      retag(r, '-c', `user.signingkey=${key}`);
    }, /FAIL tag-signature: git verify-tag refused plan\/v1/, /refused by the plan gate/],
    ['a policy changed after signing', async (r) => {
      const f = join(r, '.migration/policy.json');
      const policy = JSON.parse(await readFile(f, 'utf8'));
      policy.tolerances.row_count_diff_pct.max = 5;
      await writeFile(f, JSON.stringify(policy, null, 2));
      git(r, 'commit', '-q', '-S', '-am', 'loosen the policy'); retag(r);
    }, /ok {3}policy-version/, /the policy at plan\/v1 \(\.migration\/policy\.json, [0-9a-f]{12}\) is not the policy the plan was signed under/],
    ['a policy changed after signing, merged before the tagged commit', async (r) => {
      const f = join(r, '.migration/policy.json');
      const policy = JSON.parse(await readFile(f, 'utf8'));
      policy.tolerances.row_count_diff_pct.max = 5;
      await writeFile(f, JSON.stringify(policy, null, 2));
      git(r, 'commit', '-q', '-S', '-am', 'loosen the policy'); git(r, 'commit', '-q', '-S', '--allow-empty', '-m', 'later'); retag(r);
    }, /FAIL policy-version/, /refused by the plan gate/],
  ])('%s', async (_name, change, reason, error) => {
    const repo = await copy();
    await change(repo);
    const r = await run(['execute', '--repo', repo, '--tag', 'plan/v1'], { MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: pgServerUrl() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(reason);
    expect(r.stderr).toMatch(/error\[PLAN_REFUSED\]: .*nothing was written/);
    expect(r.stderr).toMatch(error);
    expect(await pgQuery(pgServerUrl(), `SELECT table_name FROM information_schema.tables WHERE table_schema = '${dst}'`)).toEqual([]);
    for (const d of ['runs', 'reconciliation', 'artifacts']) expect(existsSync(join(repo, d)), d).toBe(false);
  }, 120_000);
});

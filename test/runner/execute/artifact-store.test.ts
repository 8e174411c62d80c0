// execute keeps its checkpoints and evidence in the artifact store it is given (--artifact-store, over the
// config's): an S3 bucket (s3rver) here. The resumed run reads the checkpoints back from the bucket and
// loads nothing twice; the execution report names where they are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { S3Store } from '../../../runner/artifacts/s3.js';
import { S3RVER_CREDENTIALS, startS3rver, type LocalS3 } from '../../fakes/s3rver.js';
import { removeRepos } from '../../cli/sign-fixtures.js';
import { pgServerUrl, uniqueName } from '../../support/db.js';
import { signedRepo } from './fixture.js';
import { pgQuery, run } from './support.js';

const src = uniqueName('mc_store_src');
let s3: LocalS3;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-store-'));
  s3 = await startS3rver(join(dir, 's3'), ['evidence']);
  await pgQuery(pgServerUrl(), `CREATE SCHEMA ${src}; CREATE TABLE ${src}.a (id integer PRIMARY KEY, t text); INSERT INTO ${src}.a SELECT g, 'r' || g FROM generate_series(1, 90) g;`);
});

afterAll(async () => {
  await s3?.close();
  await pgQuery(pgServerUrl(), `DROP SCHEMA IF EXISTS ${src} CASCADE`);
  await removeRepos();
  await rm(dir, { recursive: true, force: true });
});

it('puts checkpoints and evidence in an S3 artifact store and resumes from them', async () => {
  const r = await signedRepo({
    target: 'duckdb', sourceSchema: src, targetSchema: 'main', chunkRows: 30,
    tables: [{ name: 'a', rows: 90, columns: [{ name: 'id', pg: 'integer', target: 'integer', rule: 'pg-duck.integer' }, { name: 't', pg: 'text', target: 'varchar', rule: 'pg-duck.text' }] }],
  });
  const env = {
    MC_SOURCE_URL: pgServerUrl(), MC_TARGET_URL: `duckdb:${join(r.dir, 'target.duckdb')}`, MIGRATION_COPILOT_ARTIFACT_STORE: 's3://evidence/mig',
    AWS_ENDPOINT_URL_S3: s3.url, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1',
  };
  const first = await run(['execute', '--repo', r.repo, '--tag', 'plan/v1'], env);
  expect(first.code, first.stderr).toBe(0);
  const store = new S3Store({ bucket: 'evidence', prefix: 'mig', endpoint: s3.url, credentials: S3RVER_CREDENTIALS });
  const names = await store.list('runs/v1/');
  expect(names).toEqual(expect.arrayContaining([
    'runs/v1/checkpoints/create-a/step.json', 'runs/v1/checkpoints/copy-a/chunks.json', 'runs/v1/checkpoints/copy-a/chunk-00002.json', 'runs/v1/checkpoints/copy-a/step.json',
  ]));
  expect(names.some((n) => /^runs\/v1\/local-\d+\/execution_report\.json$/.test(n))).toBe(true);
  expect((await store.list('reconciliation/v1/')).some((n) => n.endsWith('/recon_report.json'))).toBe(true);

  const again = await run(['execute', '--repo', r.repo, '--tag', 'plan/v1'], env);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('has already run here (checkpoints in s3://evidence/mig/runs/v1/checkpoints)');
  const resumed = await run(['execute', '--repo', r.repo, '--tag', 'plan/v1', '--resume'], env);
  expect(resumed.code, resumed.stderr).toBe(0);
  const report = JSON.parse((await store.get(`${store.root}/${(await store.list('runs/v1/')).filter((n) => n.endsWith('execution_report.json')).sort().at(-1)!}`)).toString());
  expect(report.checkpoint_store).toBe('s3://evidence/mig/runs/v1/checkpoints');
  expect(report.steps.map((s: { status: string }) => s.status)).toEqual(['resumed', 'resumed']);
}, 600_000);

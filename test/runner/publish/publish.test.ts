// The ReportPublisher against the simulator: the reports go to the artifact store and onto branch
// evidence/plan-v<N>, one evidence pull request is opened with the recon markdown and a chart per table,
// a rerun with the same reports changes nothing and opens no second pull request, a new run of the same plan
// updates the same pull request; the body matches its golden file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionReport } from '../../../core/types/generated.js';
import { startPlayground, type Playground } from '../../../playground/index.js';
import { FilesystemStore } from '../../../runner/artifacts/filesystem.js';
import { sha256Hex } from '../../../runner/artifacts/store.js';
import { evidenceBody, rowsChart } from '../../../runner/publish/body.js';
import { githubFromEnv, publishRun } from '../../../runner/publish/index.js';
import { fixtureReport } from '../../core/recon/report-fixture.js';

const golden = (name: string) => readFileSync(new URL(`../../golden/publish/${name}`, import.meta.url), 'utf8');

function executionReport(runId: string): ExecutionReport {
  return {
    project_id: 'demo-orders', plan_id: 'orders-plan', plan_version: 1, plan_sha256: 'a'.repeat(64), run_id: runId, tag: 'plan/v1',
    commit_sha: 'b'.repeat(40), status: 'succeeded', started_at: '2026-11-27T12:00:00Z', finished_at: '2026-11-27T12:01:30Z',
    steps: [
      { id: 'load_customers', status: 'succeeded', attempts: 1, rows_read: 1000, rows_written: 1000 },
      { id: 'load_orders', status: 'succeeded', attempts: 2, rows_read: 1000, rows_written: 1000 },
    ],
  };
}

let gh: Playground;
const work = mkdtempSync(join(tmpdir(), 'mc-publish-'));
const o = { owner: 'acme', repo: 'mig' };

beforeAll(async () => {
  gh = await startPlayground();
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/mig', { files: { 'README.md': '# mig\n' }, private: true });
});

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});

describe('publishRun', () => {
  it('stores the reports, commits them on evidence/plan-v1 and opens one pull request; a rerun opens no second one', async () => {
    const carol = gh.people.as('carol');
    const github = githubFromEnv({ GITHUB_TOKEN: carol.token, GITHUB_REPOSITORY: 'acme/mig', GITHUB_API_URL: gh.url })!;
    const store = new FilesystemStore(join(work, 'store'));
    const recon = fixtureReport();
    const first = await publishRun({ version: 1, executionReport: executionReport('gh-1'), reconReports: [recon], store, github });
    expect(first.pull).toMatchObject({ action: 'created' });
    expect(first.branch).toMatchObject({ name: 'evidence/plan-v1', changed: true });
    expect(Object.keys(first.stored).sort()).toEqual([
      'reconciliation/v1/recon_report.json', 'reconciliation/v1/recon_report.md', 'runs/v1/execution_report.json',
    ]);
    expect(await store.list()).toEqual([
      'reconciliation/v1/gh-1/recon_report.json', 'reconciliation/v1/gh-1/recon_report.md', 'runs/v1/gh-1/execution_report.json',
    ]);
    // What is on the branch is what is in the store, byte for byte.
    const onBranch = await carol.octokit.rest.repos.getContent({ ...o, path: 'runs/v1/execution_report.json', ref: 'evidence/plan-v1' });
    const bytes = Buffer.from((onBranch.data as { content: string }).content, 'base64');
    expect(sha256Hex(bytes)).toBe(first.stored['runs/v1/execution_report.json']!.sha256);
    expect(JSON.parse(bytes.toString('utf8')).run_id).toBe('gh-1');

    const pull = (await carol.octokit.rest.pulls.get({ ...o, pull_number: first.pull!.number })).data;
    expect(pull.head.ref).toBe('evidence/plan-v1');
    expect(pull.base.ref).toBe('main');
    expect(pull.title).toBe('Evidence: plan v1 succeeded, reconciliation failed');
    expect(pull.body).toContain('<!-- migration-copilot:recon-report -->');
    expect(pull.body).toContain('xychart-beta');

    const again = await publishRun({ version: 1, executionReport: executionReport('gh-1'), reconReports: [recon], store, github });
    expect(again.pull).toMatchObject({ number: first.pull!.number, action: 'updated' });
    expect(again.branch).toEqual({ name: 'evidence/plan-v1', sha: first.branch!.sha, changed: false });
    expect(again.stored).toEqual(first.stored);

    const rerun = await publishRun({ version: 1, executionReport: executionReport('gh-2'), reconReports: [recon], store, github });
    expect(rerun.pull).toMatchObject({ number: first.pull!.number, action: 'updated' });
    expect(rerun.branch!.changed).toBe(true);
    const pulls = await carol.octokit.rest.pulls.list({ ...o, state: 'all' });
    expect(pulls.data.map((p) => p.head.ref)).toEqual(['evidence/plan-v1']);
    const updated = (await carol.octokit.rest.pulls.get({ ...o, pull_number: first.pull!.number })).data;
    expect(updated.body).toContain('Run `gh-2`');
  });

  it('moves project.json PLANNED -> EXECUTED in the evidence pull request of a run that succeeded, and only then', async () => {
    gh.people.createRepo('acme/mig-state', { files: { 'project.json': `${JSON.stringify({ project_id: 'p', state: 'PLANNED' }, null, 2)}\n` }, private: true });
    const carol = gh.people.as('carol');
    const github = githubFromEnv({ GITHUB_TOKEN: carol.token, GITHUB_REPOSITORY: 'acme/mig-state', GITHUB_API_URL: gh.url })!;
    const failed = await publishRun({ version: 1, executionReport: { ...executionReport('gh-3'), status: 'failed' }, reconReports: [], store: new FilesystemStore(join(work, 'store-3')), github });
    const read = async (ref: string) => JSON.parse(Buffer.from((((await carol.octokit.rest.repos.getContent({ owner: 'acme', repo: 'mig-state', path: 'project.json', ref })).data) as { content: string }).content, 'base64').toString('utf8')) as { state: string };
    expect((await read('evidence/plan-v1')).state).toBe('PLANNED');
    await carol.octokit.rest.pulls.update({ owner: 'acme', repo: 'mig-state', pull_number: failed.pull!.number, state: 'closed' });
    await carol.octokit.rest.git.deleteRef({ owner: 'acme', repo: 'mig-state', ref: 'heads/evidence/plan-v1' });
    const ok = await publishRun({ version: 1, executionReport: executionReport('gh-4'), reconReports: [], store: new FilesystemStore(join(work, 'store-4')), github });
    expect((await read('evidence/plan-v1')).state).toBe('EXECUTED');
    expect((await read('main')).state).toBe('PLANNED');
    const body = (await carol.octokit.rest.pulls.get({ owner: 'acme', repo: 'mig-state', pull_number: ok.pull!.number })).data.body;
    expect(body).toContain('Merging this pull request moves project.json PLANNED->EXECUTED');
  });

  it('refuses a report whose store name already holds other content, before anything reaches GitHub', async () => {
    const store = new FilesystemStore(join(work, 'store-2'));
    const github = githubFromEnv({ GITHUB_TOKEN: gh.people.as('carol').token, GITHUB_REPOSITORY: 'acme/mig', GITHUB_API_URL: gh.url })!;
    await publishRun({ version: 1, executionReport: executionReport('gh-7'), reconReports: [], store });
    const before = gh.requests.length;
    const changed = { ...executionReport('gh-7'), status: 'failed' as const };
    await expect(publishRun({ version: 1, executionReport: changed, reconReports: [], store, github })).rejects.toMatchObject({ code: 'ARTIFACT_CONFLICT' });
    expect(gh.requests.length).toBe(before);
  });

  it('without a workflow token it stores only', async () => {
    expect(githubFromEnv({ GITHUB_REPOSITORY: 'acme/mig' })).toBeUndefined();
    const result = await publishRun({ version: 1, executionReport: executionReport('local-1'), reconReports: [], store: new FilesystemStore(join(work, 'store-3')) });
    expect(result.pull).toBeUndefined();
    expect(Object.keys(result.stored)).toEqual(['runs/v1/execution_report.json']);
  });

  it('renders the pull request body (golden) with a chart of rows and differing rows per table', () => {
    const recon = fixtureReport();
    expect(rowsChart([recon])).toContain('    bar [1000, 1000, 1000]');
    const body = evidenceBody({
      version: 1, executionReport: executionReport('gh-1'), reconReports: [recon],
      stored: { 'runs/v1/execution_report.json': { uri: 'file:///store/runs/v1/gh-1/execution_report.json', sha256: 'c'.repeat(64) } },
    });
    expect(body).toBe(golden('evidence.md'));
  });
});

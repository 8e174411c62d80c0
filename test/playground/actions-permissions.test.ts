// The workflow's GITHUB_TOKEN is scoped as GitHub scopes it: the job's `permissions:` over the workflow's,
// the repository's default (read) when neither says; `contents: read` means a push is refused with git's 403
// "Permission to ... denied" and a check run write with the API's 403 "Resource not accessible by
// integration"; the token stops working when its job ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../../playground/index.js';
import { tokenPermissions } from '../../playground/actions/permissions.js';

// Each step reports what GitHub answered; the test reads the log.
const PROBE = `
      - uses: actions/checkout@v4
      - name: probe
        env:
          GITHUB_TOKEN: \${{ github.token }}
        run: |
          git -c user.name=bot -c user.email=bot@example.com commit -q --allow-empty -m probe
          if out=$(git push -q origin HEAD:refs/heads/pushed-$GITHUB_RUN_ID 2>&1); then echo "push ok"; else echo "push refused: $out"; fi
          node -e '
            const h = { authorization: "token " + process.env.GITHUB_TOKEN, "content-type": "application/json" };
            fetch(process.env.GITHUB_API_URL + "/repos/" + process.env.GITHUB_REPOSITORY + "/check-runs", { method: "POST", headers: h,
              body: JSON.stringify({ name: "probe", head_sha: process.env.GITHUB_SHA, status: "completed", conclusion: "success" }) })
              .then(async (r) => console.log("check run", r.status, (await r.json()).message ?? "created"));
          '
          echo "$GITHUB_TOKEN" > "$RUNNER_TEMP/../../token"
`;

const workflow = (branch: string, top: string, job = '') => `name: ${branch}
on:
  push:
    branches: [${branch}]
${top}
jobs:
  probe:
    runs-on: ubuntu-latest
${job}    steps:${PROBE}`;

let gh: Playground;
const work = mkdtempSync(join(tmpdir(), 'mc-perms-'));

beforeAll(async () => {
  gh = await startPlayground({});
  gh.people.createUser('carol');
  gh.people.createOrg('acme', ['carol']);
  gh.people.createRepo('acme/perm', {
    private: true,
    files: {
      'README.md': '# perm\n',
      '.github/workflows/read.yml': workflow('read', 'permissions:\n  contents: read'),
      '.github/workflows/job.yml': workflow('job', 'permissions:\n  contents: read', '    permissions:\n      contents: write\n      checks: write\n'),
      '.github/workflows/none.yml': workflow('none', ''),
    },
  });
});

afterAll(async () => {
  await gh.close();
  expect(gh.violations).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});

async function probe(branch: string): Promise<string> {
  await gh.people.as('carol').push('acme/perm', branch, { [`${branch}.txt`]: `${Date.now()}\n` }, `Probe ${branch}`);
  await gh.actions.idle();
  const run = gh.actions.runs.filter((r) => r.headBranch === branch).at(-1)!;
  expect(run.conclusion).toBe('success');
  return gh.actions.log(run.id);
}

describe('the workflow token', () => {
  it('with contents: read, fetches but cannot push or write a check run, with GitHub\'s 403 messages', async () => {
    const log = await probe('read');
    expect(log).toContain('push refused:');
    expect(log).toMatch(/Permission to acme\/perm\.git denied to github-actions\[bot\]/);
    expect(log).toContain('check run 403 Resource not accessible by integration');
    expect(gh.sim.store.checkRuns.size).toBe(0);
  });

  it('takes the job\'s permissions over the workflow\'s: contents and checks write', async () => {
    const log = await probe('job');
    expect(log).toContain('push ok');
    expect(log).toContain('check run 201 created');
    expect([...gh.sim.store.checkRuns.values()].map((r) => r.name)).toEqual(['probe']);
  });

  it('without permissions: follows the repository\'s default (read, then write once the setting says so)', async () => {
    expect(await probe('none')).toContain('check run 403 Resource not accessible by integration');
    gh.actions.setDefaultWorkflowPermissions('acme/perm', 'write');
    const log = await probe('none');
    expect(log).toContain('push ok');
    expect(log).toContain('check run 201 created');
  });

  it('stops working when its job ends', async () => {
    const run = gh.actions.runs.at(-1)!;
    const job = gh.actions.jobsOf(run.id)[0]!;
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(join(job.workspace!, '..', '..', 'token'), 'utf8').trim();
    const res = await fetch(`${gh.url}/repos/acme/perm`, { headers: { authorization: `token ${token}` } });
    expect(res.status).toBe(401);
  });

  it('reads permissions as GitHub does: read-all, {} and bad values', () => {
    expect(tokenPermissions({ workflow: 'read-all', repositoryDefault: 'write' })).toMatchObject({ contents: 'read', pull_requests: 'read', metadata: 'read' });
    expect(tokenPermissions({ workflow: {}, repositoryDefault: 'write' })).toEqual({ metadata: 'read' });
    expect(tokenPermissions({ workflow: { 'pull-requests': 'write' }, repositoryDefault: 'read', fromFork: true })).toEqual({ metadata: 'read', pull_requests: 'read' });
    expect(() => tokenPermissions({ workflow: { contents: 'admin' }, repositoryDefault: 'read' })).toThrow(/permissions\.contents must be read, write or none/);
    expect(() => tokenPermissions({ workflow: { content: 'read' }, repositoryDefault: 'read' })).toThrow(/unknown permission scope "content"/);
  });
});

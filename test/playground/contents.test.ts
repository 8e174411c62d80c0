import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './helpers.js';

let w: World;
beforeAll(async () => { w = await world({ 'README.md': '# mig\n', 'docs/guide.md': 'guide\n' }); });
afterAll(async () => {
  await w.gh.close();
  expect(w.gh.violations).toEqual([]);
});

const o = { owner: 'acme', repo: 'mig' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('contents API on the bare repository', () => {
  it('creates, reads, updates with the sha precondition and deletes a file', async () => {
    const created = await w.app.rest.repos.createOrUpdateFileContents({ ...o, path: 'plans/migration_plan.json', message: 'Add plan', content: b64('{"v":1}\n') });
    expect(created.status).toBe(201);
    const sha = created.data.content!.sha!;
    expect(created.data.commit.verification).toMatchObject({ verified: true, reason: 'valid' });

    const got = await w.app.rest.repos.getContent({ ...o, path: 'plans/migration_plan.json' });
    expect(Buffer.from((got.data as { content: string }).content, 'base64').toString()).toBe('{"v":1}\n');
    const raw = await w.app.request('GET /repos/{owner}/{repo}/contents/{path}', { ...o, path: 'plans/migration_plan.json', mediaType: { format: 'raw' } });
    expect(String(raw.data)).toBe('{"v":1}\n');
    const root = await w.app.rest.repos.getContent({ ...o, path: '' });
    expect((root.data as { path: string }[]).map((e) => e.path)).toEqual(['README.md', 'docs', 'plans']);
    const dir = await w.app.rest.repos.getContent({ ...o, path: 'docs' });
    expect((dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([['guide.md', 'file']]);

    const preconditions: [string, string | undefined, number][] = [['missing sha', undefined, 422], ['stale sha', 'a'.repeat(40), 409]];
    for (const [, given, status] of preconditions) {
      await expect(w.app.rest.repos.createOrUpdateFileContents({ ...o, path: 'plans/migration_plan.json', message: 'x', content: b64('x'), ...(given ? { sha: given } : {}) }))
        .rejects.toMatchObject({ status });
    }
    const updated = await w.app.rest.repos.createOrUpdateFileContents({ ...o, path: 'plans/migration_plan.json', message: 'v2', content: b64('{"v":2}\n'), sha });
    expect(updated.status).toBe(200);
    await w.app.rest.repos.deleteFile({ ...o, path: 'plans/migration_plan.json', message: 'rm', sha: updated.data.content!.sha! });
    await expect(w.app.rest.repos.getContent({ ...o, path: 'plans/migration_plan.json' })).rejects.toMatchObject({ status: 404 });
    const old = await w.app.rest.repos.getContent({ ...o, path: 'plans/migration_plan.json', ref: updated.data.commit.sha! });
    expect(Buffer.from((old.data as { content: string }).content, 'base64').toString()).toBe('{"v":2}\n');
  });

  it('compares refs and lists a commit\'s files', async () => {
    const carol = w.gh.people.as('carol');
    const head = await carol.push(w.repo, 'cmp', { 'a.txt': 'one\ntwo\n', 'README.md': null }, 'change');
    const cmp = await w.app.rest.repos.compareCommitsWithBasehead({ ...o, basehead: 'main...cmp' });
    expect(cmp.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(cmp.data.files?.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([['README.md', 'removed', 0, 1], ['a.txt', 'added', 2, 0]]);
    const commit = await w.app.rest.repos.getCommit({ ...o, ref: head });
    expect(commit.data.files?.map((f) => f.filename)).toEqual(['README.md', 'a.txt']);
    expect(commit.data.author?.login).toBe('carol');
    const tree = await w.app.rest.git.getTree({ ...o, tree_sha: head, recursive: 'true' });
    expect(tree.data.tree.map((e) => e.path)).toEqual(['a.txt', 'docs', 'docs/guide.md']);
  });
});

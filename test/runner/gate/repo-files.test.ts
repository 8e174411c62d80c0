// gitTreeRepoFiles on a real git repository: the files of a commit, not of the working tree; regular
// files only; exact bytes; a revision git does not know is a system failure.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMigrationContext, fileBytes } from '../../../core/repo/index.js';
import { gitTreeRepoFiles } from '../../../runner/gate/repo-files.js';

let repo: string;
let first: string;
// Bigger than what is read with the tree listing (1 MiB): read when asked for.
const BIG = Buffer.alloc((1 << 20) + 17, 'x\n');
// Content that looks like cat-file's own headers must come back as it is.
const NEWLINES = Buffer.from('\n\n0123456789abcdef0123456789abcdef01234567 blob 3\nabc\n\n');
const LATIN1 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"a":"<0xE9>"}: not UTF-8

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
  { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'mc-git-tree-'));
  git('init', '-q', '-b', 'main');
  await mkdir(join(repo, 'discovery/deep'), { recursive: true });
  await writeFile(join(repo, 'project.json'), '{"v": 1}\n');
  await writeFile(join(repo, 'discovery/b.json'), 'b');
  await writeFile(join(repo, 'discovery/deep/a b.json'), 'a b');
  await writeFile(join(repo, 'discovery.json'), 'not under discovery/');
  await writeFile(join(repo, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  await writeFile(join(repo, 'latin1.json'), LATIN1);
  await symlink('project.json', join(repo, 'link.json'));
  git('add', '-A');
  git('commit', '-q', '-m', 'first');
  first = git('rev-parse', 'HEAD');
  await writeFile(join(repo, 'project.json'), '{"v": 2}\n');
  await writeFile(join(repo, 'later.json'), 'later');
  await writeFile(join(repo, 'empty.json'), '');
  await writeFile(join(repo, 'big.bin'), BIG);
  await writeFile(join(repo, 'newlines.bin'), NEWLINES);
  git('add', '-A');
  git('commit', '-q', '-m', 'second');
  await writeFile(join(repo, 'project.json'), '{"v": "working tree"}\n');
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('gitTreeRepoFiles', () => {
  it.each<[string, () => string, string, string | undefined]>([
    ['a file at the first commit', () => first, 'project.json', '{"v": 1}\n'],
    ['the same file at a branch ref', () => 'refs/heads/main', 'project.json', '{"v": 2}\n'],
    ['a file the commit does not have', () => first, 'later.json', undefined],
    ['a file a later commit added', () => 'main', 'later.json', 'later'],
    ['an executable file', () => first, 'run.sh', '#!/bin/sh\n'],
    ['a path with a space', () => first, 'discovery/deep/a b.json', 'a b'],
    ['a symlink (absent: its blob is a path, not content)', () => first, 'link.json', undefined],
    ['a directory', () => first, 'discovery', undefined],
  ])('reads %s', async (_name, rev, path, expected) => {
    const files = await gitTreeRepoFiles(repo, rev());
    expect(files.read(path)).toBe(expected);
  });

  it('lists the files under a prefix, recursively and sorted', async () => {
    const files = await gitTreeRepoFiles(repo, first);
    expect(files.list('discovery/')).toEqual(['discovery/b.json', 'discovery/deep/a b.json']);
    expect(files.list('nothing/')).toEqual([]);
  });

  it('gives the exact bytes of a file that is not UTF-8, and refuses its text naming the byte offset', async () => {
    const files = await gitTreeRepoFiles(repo, first);
    expect(Buffer.from(fileBytes(files, 'latin1.json')!)).toEqual(LATIN1);
    expect(() => files.read('latin1.json')).toThrow('latin1.json is not valid UTF-8: byte 6 (0xe9)');
  });

  it('gives every file of a commit its exact bytes: empty, bigger than the batch read, holding header-like lines', async () => {
    const files = await gitTreeRepoFiles(repo, 'main');
    expect(files.read('empty.json')).toBe('');
    // Buffer.equals: a deep comparison of a megabyte, element by element, takes seconds.
    expect(Buffer.from(fileBytes(files, 'big.bin')!).equals(BIG)).toBe(true);
    expect(Buffer.from(fileBytes(files, 'newlines.bin')!)).toEqual(NEWLINES);
    expect(files.read('later.json')).toBe('later');
    expect(files.read('project.json')).toBe('{"v": 2}\n');
  });

  it('is what a MigrationContext reads, at the commit asked for', async () => {
    const ctx = buildMigrationContext(await gitTreeRepoFiles(repo, first));
    expect(ctx.project?.text).toBe('{"v": 1}\n');
    expect(ctx.has('later.json')).toBe(false);
  });

  it.each([
    ['a revision git does not know', 'no-such-branch'],
    ['a revision that looks like an option', '--output=/tmp/x'],
  ])('refuses %s as a system failure', async (_name, rev) => {
    await expect(gitTreeRepoFiles(repo, rev)).rejects.toMatchObject({ kind: 'system' });
  });
});

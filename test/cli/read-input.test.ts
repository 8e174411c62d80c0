// readInput: the one way a command reads a file named on its command line. Missing is bad input (exit 2)
// saying what to pass; any other failure is the system's (exit 3) naming the errno code.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopilotError } from '../../core/errors.js';
import { readInput } from '../../cli/read-input.js';

let dir: string;
const KEY = { what: 'key file', hint: 'pass --key with a PEM private key' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-read-input-'));
  await writeFile(join(dir, 'key.pem'), 'secret key text');
  await mkdir(join(dir, 'folder'));
  await symlink('loop-b', join(dir, 'loop-a'));
  await symlink('loop-a', join(dir, 'loop-b'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(file: string): Promise<CopilotError> {
  try {
    await readInput(dir, file, KEY);
  } catch (e) {
    return e as CopilotError;
  }
  throw new Error(`${file} was read`);
}

describe('readInput', () => {
  it('reads a file relative to the working directory, or by absolute path', async () => {
    expect(await readInput(dir, 'key.pem', KEY)).toBe('secret key text');
    expect(await readInput('/', join(dir, 'key.pem'), KEY)).toBe('secret key text');
  });

  it.each([
    ['a missing file', 'nope.pem', 'FILE_NOT_FOUND', 2, 'key file nope.pem not found', KEY.hint],
    ['a path through a file', 'key.pem/inner', 'FILE_NOT_FOUND', 2, 'key file key.pem/inner not found', KEY.hint],
    ['a directory', 'folder', 'FILE_NOT_FOUND', 2, 'key file folder: cannot read it (EISDIR): it is a directory, not a file', KEY.hint],
    ['a symlink loop', 'loop-a', 'IO_FAILED', 3, 'key file loop-a: cannot read it (ELOOP)', undefined],
  ])('%s is %s (exit %i), naming the file', async (_name, file, code, exit, message, hint) => {
    const e = await failure(file);
    expect({ code: e.code, exit: e.exitCode, message: e.message, hint: e.hint }).toEqual({ code, exit, message, hint });
  });
});

// The one way a command reads a file named on its command line (a key, an approvals record, a trusted
// root, an audit chain, a policy). A file that is not there is bad input (exit 2) and the error says what
// to pass instead; any other read failure is the system's (exit 3) and names the errno code. Neither ever
// quotes the file's content: a key file's bytes are secret.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CopilotError } from '../core/errors.js';

export interface InputFile {
  /** What the file is, for the message: "key file", "approvals record". */
  readonly what: string;
  /** What to pass instead when it is not there: "pass --key with ...". */
  readonly hint: string;
}

/** The UTF-8 text of `file` (as the user typed it, resolved against cwd). */
export async function readInput(cwd: string, file: string, input: InputFile): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CopilotError('FILE_NOT_FOUND', `${input.what} ${file} not found`, { cause: e, hint: input.hint });
    }
    if (code === 'EISDIR') {
      throw new CopilotError('FILE_NOT_FOUND', `${input.what} ${file}: cannot read it (EISDIR): it is a directory, not a file`, { cause: e, hint: input.hint });
    }
    throw new CopilotError('IO_FAILED', `${input.what} ${file}: cannot read it (${code})`, { cause: e });
  }
}

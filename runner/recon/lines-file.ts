// A JSON Lines file written as rows stream in: into a temporary file beside the destination, with
// backpressure (a slow disk slows the comparison instead of filling memory), renamed into place only
// when the run finished, so nobody ever reads half a file.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { CopilotError } from '../../core/errors.js';

export class LinesFile {
  private readonly tmp: string;
  private readonly out: WriteStream;
  private failed: Error | undefined;

  constructor(readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.out = createWriteStream(this.tmp, { encoding: 'utf8' });
    this.out.on('error', (e) => { this.failed = e; });
  }

  readonly write = async (line: string): Promise<void> => {
    if (this.failed) throw this.error(this.failed);
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  };

  async commit(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish').catch(() => {});
    if (this.failed) throw this.error(this.failed);
    await rename(this.tmp, this.path).catch((e: Error) => { throw this.error(e); });
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await unlink(this.tmp).catch(() => {});
  }

  private error(e: Error): CopilotError {
    return new CopilotError('IO_FAILED', `cannot write ${this.path}: ${e.message}`, { hint: 'check that the folder exists and is writable' });
  }
}

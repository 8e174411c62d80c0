// Runs a CLI command in-process through cli/main.ts, indenting what it prints under the demo's step
// (or, quiet, only capturing it), with digests shortened for people to read.
import type { CommandIO } from '../command.js';
import { shortenDigests } from './digest.js';

export async function runCommand(argv: string[], io: CommandIO, quiet = false): Promise<{ code: number; out: string }> {
  const { main } = await import('../main.js');
  let out = '';
  const sink = (target: NodeJS.WritableStream) => ({
    write(chunk: string | Uint8Array) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      out += text;
      if (!quiet) target.write(shortenDigests(text).replace(/^(?=.)/gm, '      '));
      return true;
    },
  }) as unknown as NodeJS.WritableStream;
  const code = await main(argv, { ...io, stdout: sink(io.stdout), stderr: sink(io.stdout) });
  return { code, out };
}

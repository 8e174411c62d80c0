// Runs the migration-copilot CLI in-process (cli/main.ts), capturing what it writes, with no terminal: the
// tests' one way to call a command and read its exit code and output.
import { PassThrough } from 'node:stream';
import { main } from '../../cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => { stdout += d; });
  err.on('data', (d) => { stderr += d; });
  const code = await main(args, { stdout: out, stderr: err, env: opts.env ?? {}, cwd: opts.cwd, interactive: false });
  return { code, stdout, stderr };
}

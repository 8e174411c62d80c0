// `migration-copilot execute`: parses flags and hands over to runner/jobs/execute.ts (no logic here).
import { resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { execute } from '../../runner/jobs/execute.js';
import { jsonProgress, terminalProgress } from '../../runner/jobs/progress.js';
import { parseFlags, requireFlag, type Command } from '../command.js';

export function planVersion(cmd: Pick<Command, 'name' | 'usage'>, tag: string): number {
  const m = /^plan\/v([1-9][0-9]{0,8})$/.exec(tag);
  if (!m) throw new CopilotError('USAGE', `${cmd.name}: --tag must be plan/v<N>, not "${tag}"`, { hint: `usage:\n${cmd.usage}` });
  return Number(m[1]);
}

function shardOf(cmd: Command, value: string | undefined) {
  if (value === undefined) return undefined;
  const m = /^([1-9][0-9]{0,3})\/([1-9][0-9]{0,3})$/.exec(value);
  if (!m || Number(m[1]) > Number(m[2])) throw new CopilotError('USAGE', `${cmd.name}: --shard "${value}" is not i/N with 1 <= i <= N`, { hint: `usage:\n${cmd.usage}` });
  return { index: Number(m[1]), count: Number(m[2]) };
}

const command: Command = {
  name: 'execute',
  summary: 'Run a signed plan: plan gate, drift gate and pre-checks, the steps, reconciliation, evidence.',
  usage: '  migration-copilot execute --repo DIR --tag plan/vN [--dry-run] [--shard i/N] [--resume]\n' +
    '    --repo      the migration repository (a git checkout holding the tag and the default branch)\n' +
    '    --tag       the signed plan tag, plan/v<N>\n' +
    '    --dry-run   print each step with its row estimate; connect to nothing, write nothing\n' +
    '    --shard     load only shard i of N of the key ranges into staging (run all N, then once without --shard)\n' +
    '    --resume    continue an interrupted run: finished steps and chunks are skipped\n' +
    '  Connections come from .migration/config.yml on the default branch (env:NAME references).',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, tag: { type: 'string' }, 'dry-run': { type: 'boolean' }, shard: { type: 'string' }, resume: { type: 'boolean' },
    });
    const repoDir = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const version = planVersion(this, requireFlag(this, values.tag, 'tag'));
    const shard = shardOf(this, values.shard);
    const result = await execute({
      repoDir, version, env: io.env, dryRun: values['dry-run'] === true, resume: values.resume === true, ...(shard ? { shard } : {}),
      progress: io.interactive ? terminalProgress(io.stderr) : jsonProgress(2),
      out: (line) => io.stdout.write(`${line}\n`),
    });
    return result.exitCode;
  },
};

export default command;

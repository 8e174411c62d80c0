// `migration-copilot execute`: parses flags and hands over to runner/jobs/execute.ts, runner/jobs/dry-run.ts
// (the unsigned dry run) or runner/rehearsal (no logic here).
import { resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { unsignedDryRun } from '../../runner/jobs/dry-run.js';
import { execute } from '../../runner/jobs/execute.js';
import { jsonProgress, terminalProgress } from '../../runner/jobs/progress.js';
import { DEFAULT_SAMPLE, rehearseAndReport } from '../../runner/rehearsal/index.js';
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

function fraction(cmd: Command, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!(x > 0 && x <= 1)) throw new CopilotError('USAGE', `${cmd.name}: --sample-rate "${value}" is not a fraction in (0, 1]`, { hint: `usage:\n${cmd.usage}` });
  return x;
}

function count(cmd: Command, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new CopilotError('USAGE', `${cmd.name}: --sample-rows "${value}" is not a positive whole number`, { hint: `usage:\n${cmd.usage}` });
  return Number(value);
}

const command: Command = {
  name: 'execute',
  summary: 'Run a signed plan (plan gate, drift gate and pre-checks, the steps, reconciliation, evidence), or rehearse a plan pull request on a sample.',
  usage: '  migration-copilot execute --repo DIR --tag plan/vN [--dry-run] [--shard i/N] [--resume] [--artifact-store URI]\n' +
    '  migration-copilot execute --repo DIR --dry-run                 (the unsigned plan at HEAD, as on a pull request)\n' +
    '  migration-copilot execute --repo DIR --rehearse [--sample-rate R] [--sample-rows N]\n' +
    '    --repo            the migration repository (a git checkout holding the tag and the default branch)\n' +
    '    --tag             the signed plan tag, plan/v<N>\n' +
    '    --dry-run         print each step with its row estimate; connect to nothing, write nothing (without --tag: the\n' +
    '                      plan at HEAD, labelled unsigned)\n' +
    '    --shard           load only shard i of N of the key ranges into staging (run all N, then once without --shard)\n' +
    '    --resume          continue an interrupted run: finished steps and chunks are skipped\n' +
    '    --artifact-store  where checkpoints and evidence go: file:PATH, s3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX]\n' +
    '                      (default: $MIGRATION_COPILOT_ARTIFACT_STORE, else artifact_store of .migration/config.yml)\n' +
    `    --rehearse        the plan at HEAD (no tag, no signature) on a deterministic sample of the source (rows chosen by a\n` +
    `                      hash of the key) into a temporary DuckDB, reconciled; reported as the check run migration/rehearsal\n` +
    `                      when GITHUB_TOKEN, GITHUB_REPOSITORY and the head SHA are set. Never writes to the target.\n` +
    `    --sample-rate     the fraction of the key hash space sampled (default ${DEFAULT_SAMPLE.rate})\n` +
    `    --sample-rows     at most this many rows per table (default ${DEFAULT_SAMPLE.rows})\n` +
    '  Connections come from .migration/config.yml on the default branch (GITHUB_BASE_REF on a pull request; env:NAME references).',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      repo: { type: 'string' }, tag: { type: 'string' }, 'dry-run': { type: 'boolean' }, shard: { type: 'string' }, resume: { type: 'boolean' },
      'artifact-store': { type: 'string' }, rehearse: { type: 'boolean' }, 'sample-rate': { type: 'string' }, 'sample-rows': { type: 'string' },
    });
    const repoDir = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const out = (line: string) => { io.stdout.write(`${line}\n`); };
    const progress = io.interactive ? terminalProgress(io.stderr) : jsonProgress(2);
    const baseBranch = io.env.GITHUB_BASE_REF || 'main';
    if (values.rehearse) {
      const extra = (['tag', 'dry-run', 'shard', 'resume'] as const).filter((k) => values[k] !== undefined);
      if (extra.length > 0) throw new CopilotError('USAGE', `${this.name}: --rehearse runs the plan at HEAD on a sample; it takes no --${extra.join(', --')}`, { hint: `usage:\n${this.usage}` });
      const rate = fraction(this, values['sample-rate']);
      const rows = count(this, values['sample-rows']);
      return rehearseAndReport({ repoDir, baseBranch, env: io.env, progress, sample: { ...(rate ? { rate } : {}), ...(rows ? { rows } : {}) } }, out);
    }
    if (values.tag === undefined && values['dry-run'] === true) {
      await unsignedDryRun(repoDir, baseBranch, out);
      return 0;
    }
    const version = planVersion(this, requireFlag(this, values.tag, 'tag'));
    const shard = shardOf(this, values.shard);
    const artifactStore = values['artifact-store'] ?? (io.env.MIGRATION_COPILOT_ARTIFACT_STORE || undefined);
    const result = await execute({
      repoDir, version, env: io.env, dryRun: values['dry-run'] === true, resume: values.resume === true, ...(shard ? { shard } : {}),
      ...(artifactStore ? { artifactStore } : {}), progress, out,
    });
    return result.exitCode;
  },
};

export default command;

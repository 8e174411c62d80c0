// `migration-copilot rollback`: parses flags and hands over to runner/jobs/rollback.ts (no logic here).
import { resolve } from 'node:path';
import { rollback } from '../../runner/jobs/rollback.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { planVersion } from './execute.js';

const command: Command = {
  name: 'rollback',
  summary: 'Swap back every table a signed plan replaced (the copies kept until CUTOVER_DONE): one transaction; Parquet directories by renames.',
  usage: '  migration-copilot rollback --repo DIR --tag plan/vN\n' +
    '    --repo  the migration repository (a git checkout holding the tag)\n' +
    '    --tag   the plan whose swaps to undo, plan/v<N>',
  async run(args, io) {
    const { values } = parseFlags(this, args, { repo: { type: 'string' }, tag: { type: 'string' } });
    const repoDir = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const version = planVersion(this, requireFlag(this, values.tag, 'tag'));
    const swapped = await rollback({ repoDir, version, env: io.env, out: (l) => io.stdout.write(`${l}\n`) });
    io.stdout.write(swapped.length ? `rolled back: ${swapped.join(', ')}\n` : 'nothing to roll back\n');
    return 0;
  },
};

export default command;

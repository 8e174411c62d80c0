// `migration-copilot demo`: the project's main job, end to end on the local GitHub simulator: the whole
// lifecycle of one migration, people only (cli/demo/flow.ts). The admin builds a realistic source (DuckDB in
// the work folder, or a PostgreSQL database of its own with --source postgres); the app started as `npm start`
// starts it and the runner's workflow (run by the simulator) do the rest. Nothing outside the work folder is
// written (but the PostgreSQL database, dropped at the end unless --dir keeps everything). A --dir that
// already holds files is refused (exit 2): the demo would trip over a previous run's clones and keys, and it
// never deletes what it did not make.
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { parseFlags, type Command } from '../command.js';
import { runDemo } from '../demo/flow.js';
import { SOURCE_ENGINES, type SourceEngine } from '../demo/source/index.js';
import { runReconDemo } from '../demo-recon/run.js';

const command: Command = {
  name: 'demo',
  summary: 'Run a migration\'s whole lifecycle on the local GitHub simulator, people only: init, discovery, plan, sign, execute, reconcile, transitions, evidence.',
  usage: '  migration-copilot demo [--dir DIR] [--source duckdb|postgres] [--recon]\n' +
    '    --source  the source the admin builds: duckdb (default: a file in the work folder) or postgres\n' +
    '              (a database of its own on PG_URL, default postgres://postgres@127.0.0.1:5432/postgres; dropped at the end unless --dir)\n' +
    '    --dir     an empty or new folder to work in, kept afterwards with everything (default: a new folder under the system temp folder)\n' +
    '    --recon   instead: reconcile a small table pair with planted differences (DuckDB, or PostgreSQL at PG_URL)\n' +
    '  MIGRATION_COPILOT_SIM_TRACE=FILE appends one JSON line per simulator request to FILE.',
  async run(args, io) {
    const { values } = parseFlags(this, args, { dir: { type: 'string' }, recon: { type: 'boolean' }, source: { type: 'string' } });
    const source = (values.source ?? 'duckdb') as SourceEngine;
    if (!SOURCE_ENGINES.includes(source)) {
      throw new CopilotError('USAGE', `demo: --source ${values.source} is not a source the demo builds; use ${SOURCE_ENGINES.join(' or ')}`, { hint: `usage:\n${this.usage}` });
    }
    const work = values.dir ? resolve(io.cwd, values.dir) : await mkdtemp(join(tmpdir(), 'migration-copilot-demo-'));
    await mkdir(work, { recursive: true }).catch((e: unknown) => {
      throw new CopilotError('IO_FAILED', `cannot use ${work} as the work folder: ${(e as Error).message}`, { cause: e, hint: 'pass --dir with an empty or new folder' });
    });
    const present = await readdir(work);
    if (present.length > 0) {
      throw new CopilotError('USAGE', `demo: --dir ${work} is not empty (${present.length} entr${present.length === 1 ? 'y' : 'ies'}, e.g. ${present.sort()[0]}); the demo works only in an empty or new folder`, {
        hint: 'pass --dir with a new folder, or empty this one first (the demo never deletes files it did not make)',
      });
    }
    if (values.recon) return runReconDemo(io, work);
    await runDemo(io, work, { source, keep: values.dir !== undefined });
    return 0;
  },
};

export default command;

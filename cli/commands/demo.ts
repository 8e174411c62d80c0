// `migration-copilot demo`: the project's main job, end to end on the local GitHub simulator. The example
// migration repository (examples/demo-migration) goes through a real plan pull request: opened by a person,
// validated, reviewed through the REST API, recorded and signed by the app, merged by a person, tagged with
// a signed plan tag, and checked by the runner's full plan gate; a tampered copy is refused and the audit
// chain verifies. The steps live in cli/demo/; nothing outside the work folder is written, and the folder
// is kept so the files can be read afterwards. A --dir that already holds files is refused (exit 2): the
// demo would trip over a previous run's clones and keys, and it never deletes what it did not make.
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { parseFlags, type Command } from '../command.js';
import { runDemo } from '../demo/flow.js';
import { runReconDemo } from '../demo-recon/run.js';

const command: Command = {
  name: 'demo',
  summary: 'Run the example migration\'s plan pull request on the local GitHub simulator: validate, review, sign, merge, tag, gate.',
  usage: '  migration-copilot demo [--dir DIR] [--recon]\n' +
    '    --recon  instead: reconcile a small table pair with planted differences (DuckDB, or PostgreSQL at PG_URL)\n' +
    '    --dir  an empty or new folder to work in (default: a new folder under the system temp folder)\n' +
    '  MIGRATION_COPILOT_SIM_TRACE=FILE appends one JSON line per simulator request to FILE.',
  async run(args, io) {
    const { values } = parseFlags(this, args, { dir: { type: 'string' }, recon: { type: 'boolean' } });
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
    await runDemo(io, work);
    return 0;
  },
};

export default command;

// `migration-copilot init`: a new migration repository in a folder, with the files app/proposals/init-files.ts
// builds (the app's `/migrate init` proposes the same files as a pull request). Only the engines of the
// connection URIs are recorded, never the URIs. Refuses a folder that already holds a project.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseScope } from '../../core/dialects/catalog/scope.js';
import { CopilotError } from '../../core/errors.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { newRepositoryFiles, projectIdOf, RAW_DIR, type Engine } from '../../app/proposals/init-files.js';
import { writeFilesAtomic } from '../../runner/discover/output.js';
import { parseFlags, requireFlag, type Command } from '../command.js';

/** The engine a connection URI names (env:NAME is looked up, never written anywhere). */
export function engineOf(uri: string, env: Readonly<Record<string, string | undefined>>, flag: string): Engine {
  const value = uri.startsWith('env:') ? env[uri.slice(4)] : uri;
  if (value === undefined) throw new CopilotError('USAGE', `init: --${flag} ${uri}: the variable is not set`, { hint: 'set it, or pass a URI' });
  const m = /^(postgres|postgresql|mysql|mariadb|duckdb|parquet|snowflake|redshift):/.exec(value);
  if (!m) throw new CopilotError('USAGE', `init: --${flag} is not a supported connection URI`, { hint: 'use postgres://..., mysql://..., mariadb://..., duckdb:PATH or parquet:DIR (or env:NAME holding one)' });
  return (m[1] === 'postgresql' ? 'postgres' : m[1]) as Engine;
}

const command: Command = {
  name: 'init',
  summary: 'Create a migration repository: project, config, CODEOWNERS and the workflow templates.',
  usage: '  migration-copilot init --source URI --target URI [--scope SCHEMA.TABLE,...] [--dir DIR] [--name ID]\n' +
    '    --source, --target  connection URIs (or env:NAME); only the engine is recorded, never the URI\n' +
    '    --scope             schema.table patterns, * matching any name (default: the archetype\'s)\n' +
    '    --dir               the repository folder (default: the current directory)\n' +
    '    --name              project id (default: the folder name)',
  async run(args, io) {
    const { values } = parseFlags(this, args, { source: { type: 'string' }, target: { type: 'string' }, scope: { type: 'string' }, dir: { type: 'string' }, name: { type: 'string' } });
    const source = engineOf(requireFlag(this, values.source, 'source'), io.env, 'source');
    const target = engineOf(requireFlag(this, values.target, 'target'), io.env, 'target');
    const dir = resolve(io.cwd, values.dir ?? '.');
    if (existsSync(join(dir, REPO_PATHS.project))) throw new CopilotError('USAGE', `init: ${join(dir, REPO_PATHS.project)} exists already`, { hint: 'init creates a new repository; pick an empty folder with --dir' });
    const { project, archetype, files: all } = newRepositoryFiles({
      source, target, id: projectIdOf(values.name ?? basename(dir)), who: 'init', ...(values.scope !== undefined ? { scope: parseScope(values.scope) } : {}),
    });
    // A workflow the folder already holds is kept (it may be the user's own version of the template).
    const files = all.filter((f) => !f.path.startsWith('.github/') || !existsSync(join(dir, f.path)));
    await writeFilesAtomic(dir, files);
    io.stderr.write(`init: ${project.project_id} (${archetype.archetype_id}, scope ${project.scope.join(', ')}) in ${dir}: ${files.map((f) => f.path).join(', ')}\n` +
      `next: fill the roles in ${REPO_PATHS.config}, then discover --out ${join(dir, RAW_DIR)}, profile --out ${join(dir, RAW_DIR)} and propose --repo ${dir}\n`);
    return 0;
  },
};

export default command;

// `migration-copilot init`: a new migration repository: project.json (state CREATED, the archetype for
// the two engines), .migration/config.yml (roles to fill, no signers yet, the artifact store, and the
// connections by secret *name*: the URIs given here are never written), CODEOWNERS, .gitignore and
// every file of templates/ (the workflows). Refuses a folder that already holds a project.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseScope } from '../../core/dialects/catalog/scope.js';
import { CopilotError } from '../../core/errors.js';
import { ARCHETYPES } from '../../core/policy/index.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { validateDocument } from '../../core/schema/index.js';
import type { Project } from '../../core/types/generated.js';
import { writeFilesAtomic, type OutputFile } from '../../runner/discover/output.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { RAW_DIR } from './propose.js';

const TEMPLATES = resolve(import.meta.dirname, '..', '..', 'templates');
type Engine = Project['source']['engine'];

/** The engine a connection URI names (env:NAME is looked up, never written anywhere). */
export function engineOf(uri: string, env: Readonly<Record<string, string | undefined>>, flag: string): Engine {
  const value = uri.startsWith('env:') ? env[uri.slice(4)] : uri;
  if (value === undefined) throw new CopilotError('USAGE', `init: --${flag} ${uri}: the variable is not set`, { hint: 'set it, or pass a URI' });
  const m = /^(postgres|postgresql|mysql|mariadb|duckdb|parquet|snowflake|redshift):/.exec(value);
  if (!m) throw new CopilotError('USAGE', `init: --${flag} is not a supported connection URI`, { hint: 'use postgres://..., mysql://..., mariadb://..., duckdb:PATH or parquet:DIR (or env:NAME holding one)' });
  return (m[1] === 'postgresql' ? 'postgres' : m[1]) as Engine;
}

function templateFiles(dir: string): OutputFile[] {
  if (!existsSync(dir)) return [];
  const out: OutputFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== '.gitkeep') out.push({ path: relative(dir, p), content: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

const ROLES = ['tech_lead', 'data_owner', 'security', 'qa_lead', 'business_owner', 'release_manager'];

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
    const family = source === 'mariadb' ? 'mysql' : source;
    const archetype = ARCHETYPES[`${source}-${target}`] ?? ARCHETYPES[`${family}-${target}`];
    if (!archetype) {
      throw new CopilotError('USAGE', `init: no archetype for ${source} to ${target} in policies/archetypes`, { hint: `known: ${Object.keys(ARCHETYPES).sort().join(', ')}` });
    }
    const id = (values.name ?? basename(dir)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 64) || 'migration';
    const scope = values.scope !== undefined ? parseScope(values.scope) : [...(archetype.source.default_scope ?? ['*.*'])];
    const project: Project = { project_id: id, archetype_id: archetype.archetype_id, source: { engine: source, connection: 'source' }, target: { engine: target, connection: 'target' }, scope, state: 'CREATED' };
    const findings = validateDocument('project', project, { file: REPO_PATHS.project, lines: new Map() });
    if (findings.length > 0) throw new CopilotError('USAGE', `init: ${findings[0]!.message}`, { hint: 'check --scope and --name' });
    const config = ['# Who fills each role of the policy\'s approvals (read from the default branch, never from the PR).',
      '# Put GitHub logins and org/team slugs in each role before the first plan.', 'roles:',
      ...ROLES.map((r) => `  ${r}: { users: [], teams: [] }`), '',
      '# Which signatures the runner trusts: add the public key that signs plans, or a keyless identity,',
      '# and the SSH allowed-signers line of the key that signs plan/v<N> tags.', 'signers:', '  keys: []', '  keyless: []', '  tag_signers: []', '',
      'artifact_store: { kind: filesystem, path: artifacts }', '',
      '# Names and secret references only; the values live in the runner\'s environment (Actions secrets).', 'connections:',
      `  source: { engine: ${source}, url: "env:SOURCE_URL" }`, `  target: { engine: ${target}, url: "env:TARGET_URL" }`, '', 'default_branch: main', ''].join('\n');
    const codeowners = ['# Last matching pattern wins. Replace the teams with yours.', '*                       @your-org/data-leads',
      '/plans/                 @your-org/data-leads @your-org/data-owners', '/contracts/             @your-org/data-owners',
      '/.migration/            @your-org/security', '/.github/               @your-org/security', ''].join('\n');
    const files: OutputFile[] = [
      { path: REPO_PATHS.project, content: `${JSON.stringify(project, null, 2)}\n` },
      { path: REPO_PATHS.config, content: config },
      { path: 'CODEOWNERS', content: codeowners },
      { path: '.gitignore', content: `/${RAW_DIR}/\n/.migration/artifacts/\n/artifacts/\n` },
      ...templateFiles(TEMPLATES).filter((t) => !existsSync(join(dir, t.path))),
    ];
    await writeFilesAtomic(dir, files);
    io.stderr.write(`init: ${id} (${archetype.archetype_id}, scope ${scope.join(', ')}) in ${dir}: ${files.map((f) => f.path).join(', ')}\n` +
      `next: fill the roles in ${REPO_PATHS.config}, then discover --out ${join(dir, RAW_DIR)}, profile --out ${join(dir, RAW_DIR)} and propose --repo ${dir}\n`);
    return 0;
  },
};

export default command;

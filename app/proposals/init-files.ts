// The files of a new migration repository, one copy for `migration-copilot init` (written into a folder)
// and the app's `/migrate init` (proposed as the project pull request): project.json (state CREATED, the
// archetype of policies/archetypes for the two engines), .migration/config.yml (roles to fill, no signers
// yet, the artifact store, connections by secret *name* only), CODEOWNERS, .gitignore and every file of
// templates/ (the workflows). The raw catalog and profile are NOT ignored: `discover` and `profile` write
// them to .migration/raw/, where the discovery pull request carries them (the catalog holds no data; the
// profile's samples are masked by the policy) and where the app and `propose` read them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CopilotError } from '../../core/errors.js';
import { ARCHETYPES } from '../../core/policy/index.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { validateDocument } from '../../core/schema/index.js';
import type { Archetype, Project } from '../../core/types/generated.js';

export type Engine = Project['source']['engine'];
export const ENGINES: readonly Engine[] = ['postgres', 'mysql', 'mariadb', 'hive', 'parquet', 'redshift', 'snowflake', 'duckdb'];

/** Where `discover` and `profile` write, inside the migration repository. */
export const RAW_DIR = '.migration/raw';
export const CATALOG_FILE = 'source_catalog.json';
export const PROFILE_FILE = 'source_profile.json';

const TEMPLATES = resolve(import.meta.dirname, '..', '..', 'templates');
const ROLES = ['tech_lead', 'data_owner', 'security', 'qa_lead', 'business_owner', 'release_manager'];

export interface NewFile {
  readonly path: string;
  readonly content: string;
}

export interface NewRepository {
  readonly project: Project;
  readonly archetype: Archetype;
  readonly files: readonly NewFile[];
}

/** The archetype of policies/archetypes for two engines (MariaDB falls back to MySQL's); a USAGE error naming the known ones otherwise. */
export function archetypeFor(source: Engine, target: Engine, who: string): Archetype {
  const family = source === 'mariadb' ? 'mysql' : source;
  const archetype = ARCHETYPES[`${source}-${target}`] ?? ARCHETYPES[`${family}-${target}`];
  if (!archetype) throw new CopilotError('USAGE', `${who}: no archetype for ${source} to ${target} in policies/archetypes`, { hint: `known: ${Object.keys(ARCHETYPES).sort().join(', ')}` });
  return archetype as Archetype;
}

/** A project id from a folder or repository name: lower case, [a-z0-9_-], starting with a letter. */
export function projectIdOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 64) || 'migration';
}

/** Every file of templates/ (relative paths with "/"), sorted. */
export function templateFiles(dir = TEMPLATES): NewFile[] {
  if (!existsSync(dir)) return [];
  const out: NewFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== '.gitkeep') out.push({ path: relative(dir, p).split(sep).join('/'), content: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

export function newRepositoryFiles(opts: { source: Engine; target: Engine; scope?: readonly string[]; id: string; who: string }): NewRepository {
  const { source, target, who } = opts;
  const archetype = archetypeFor(source, target, who);
  const scope = opts.scope !== undefined && opts.scope.length > 0 ? [...opts.scope] : [...(archetype.source.default_scope ?? ['*.*'])];
  const project: Project = { project_id: opts.id, archetype_id: archetype.archetype_id, source: { engine: source, connection: 'source' }, target: { engine: target, connection: 'target' }, scope, state: 'CREATED' };
  const findings = validateDocument('project', project, { file: REPO_PATHS.project, lines: new Map() });
  if (findings.length > 0) throw new CopilotError('USAGE', `${who}: ${REPO_PATHS.project}${findings[0]!.pointer}: ${findings[0]!.message}`, { hint: 'check the scope patterns and the project name' });
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
  const files: NewFile[] = [
    { path: REPO_PATHS.project, content: `${JSON.stringify(project, null, 2)}\n` },
    { path: REPO_PATHS.config, content: config },
    { path: 'CODEOWNERS', content: codeowners },
    // The raw catalog and profile stay tracked (see the header); local artifact stores do not.
    { path: '.gitignore', content: '/.migration/artifacts/\n/artifacts/\n' },
    ...templateFiles(),
  ];
  return { project, archetype, files };
}

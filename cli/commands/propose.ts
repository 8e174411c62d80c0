// `migration-copilot propose`: runs every agent and the plan compiler over a migration repository and
// the raw catalog and profile `discover`/`profile` wrote, and writes the proposal into the repository
// (discovery reports and reasoning, contracts/, models/, plans/migration_plan.json, runbooks/), all
// files or none. Each agent's output is stored by sha256 in the artifact store first. The result is
// what `migration-copilot validate` judges; open manual decisions keep signing blocked.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { propose } from '../../app/agents/pipeline.js';
import { CopilotError } from '../../core/errors.js';
import { ARCHETYPES, DEFAULT_POLICY, DEFAULT_RULEBOOK, parsePolicy } from '../../core/policy/index.js';
import { REPO_PATHS } from '../../core/repo/paths.js';
import { parseJson, validateDocument } from '../../core/schema/index.js';
import type { ManualDecisionsRequired, Project, SourceCatalog, SourceProfile } from '../../core/types/generated.js';
import { openArtifactStore } from '../../runner/artifacts/open.js';
import { writeFilesAtomic } from '../../runner/discover/output.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { readInput } from '../read-input.js';
import { CATALOG_FILE } from './discover.js';
import { PROFILE_FILE } from './profile.js';

export const RAW_DIR = '.migration/raw';

async function readChecked<T>(cwd: string, path: string, schema: string, what: string, hint: string): Promise<T> {
  const doc = parseJson(await readInput(cwd, path, { what, hint }), path);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument(schema, doc.value, { file: path, lines: doc.lines });
  if (findings.length > 0) {
    const f = findings[0]!;
    throw new CopilotError('SCHEMA_INVALID', `${f.path}:${f.line}: ${f.message}`, { hint });
  }
  return doc.value as T;
}

function nextVersion(repo: string): number {
  const dir = join(repo, REPO_PATHS.signedDir);
  const signed = existsSync(dir) ? readdirSync(dir).map((f) => /^v([1-9][0-9]*)\.json$/.exec(f)?.[1]).filter((v): v is string => v !== undefined).map(Number) : [];
  return signed.length > 0 ? Math.max(...signed) + 1 : 1;
}

const command: Command = {
  name: 'propose',
  summary: 'Run the agents and the plan compiler on a migration repository: mapping, models, plan, runbooks, decisions.',
  usage: '  migration-copilot propose --repo DIR [--raw DIR] [--artifacts URI] [--now ISO]\n' +
    `    --raw        where discover and profile wrote ${CATALOG_FILE} and ${PROFILE_FILE} (default DIR/${RAW_DIR})\n` +
    '    --artifacts  artifact store for the proposals (default: artifact_store of .migration/config.yml, else DIR/.migration/artifacts)\n' +
    '    --now        the time recorded in the proposals (default: now); the same inputs and --now give the same bytes',
  async run(args, io) {
    const { values } = parseFlags(this, args, { repo: { type: 'string' }, raw: { type: 'string' }, artifacts: { type: 'string' }, now: { type: 'string' } });
    const repo = resolve(io.cwd, requireFlag(this, values.repo, 'repo'));
    const raw = resolve(repo, values.raw ?? RAW_DIR);
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new CopilotError('USAGE', `propose: --now "${now}" is not an ISO date-time`, { hint: `usage:\n${this.usage}` });
    const project = await readChecked<Project>(repo, REPO_PATHS.project, 'project', 'project file', 'run migration-copilot init first');
    const archetype = ARCHETYPES[project.archetype_id];
    if (!archetype) throw new CopilotError('INPUT_INVALID', `${REPO_PATHS.project}: archetype "${project.archetype_id}" is not in policies/archetypes`, { hint: `known: ${Object.keys(ARCHETYPES).sort().join(', ')}` });
    const catalog = await readChecked<SourceCatalog>(raw, CATALOG_FILE, 'source_catalog', 'catalog', `run migration-copilot discover --out ${raw}`);
    const profile = existsSync(join(raw, PROFILE_FILE)) ? await readChecked<SourceProfile>(raw, PROFILE_FILE, 'source_profile', 'profile', `run migration-copilot profile --out ${raw}`) : undefined;
    const policy = existsSync(join(repo, REPO_PATHS.policy))
      ? parsePolicy(await readInput(repo, REPO_PATHS.policy, { what: 'policy', hint: 'fix or remove it' }), REPO_PATHS.policy) : DEFAULT_POLICY;
    const previous = existsSync(join(repo, REPO_PATHS.manualDecisions))
      ? (await readChecked<ManualDecisionsRequired>(repo, REPO_PATHS.manualDecisions, 'manual_decisions_required', 'manual decisions', 'fix the file or remove it')).decisions : [];
    const files: Record<string, string> = {};
    if (existsSync(join(repo, REPO_PATHS.config))) files[REPO_PATHS.config] = await readInput(repo, REPO_PATHS.config, { what: 'config', hint: '' });
    const reconDir = join(repo, 'reconciliation');
    if (existsSync(reconDir)) {
      for (const v of readdirSync(reconDir).filter((d) => /^v[1-9][0-9]*$/.test(d)).sort()) {
        const p = `reconciliation/${v}/recon_report.json`;
        if (existsSync(join(repo, p))) files[p] = await readInput(repo, p, { what: 'recon report', hint: '' });
      }
    }
    const store = openArtifactStore(values.artifacts ?? `file:${join(repo, '.migration', 'artifacts')}`, { baseDir: repo, env: io.env });
    const result = await propose({
      project, catalog, ...(profile ? { profile } : {}), rulebook: structuredClone(DEFAULT_RULEBOOK) as never, policy: structuredClone(policy) as never,
      archetype: structuredClone(archetype) as never, previousDecisions: previous, raised: [], files, now,
    }, store, { version: nextVersion(repo) });
    await writeFilesAtomic(repo, result.files.map((f) => ({ path: f.path, content: f.content })));
    const open = result.decisions.filter((d) => d.status === 'open').length;
    for (const r of result.runs) io.stderr.write(`${r.proposal.agent.name}: ${r.proposal.summary} (${r.proposal.proposal_id})\n`);
    io.stderr.write(`propose: wrote ${result.files.length} files; ${result.decisions.length} manual decisions, ${open} open${open > 0 ? ': signing stays blocked until they are resolved' : ''}\n`);
    return 0;
  },
};

export default command;

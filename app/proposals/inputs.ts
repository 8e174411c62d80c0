// What the agents read from a migration repository, one copy for `migration-copilot propose` (a folder on
// disk) and the app's `/discover` and `/plan propose` (a commit read through the API): project.json, the
// raw catalog and profile `discover`/`profile` wrote (RAW_DIR), the policy (the repository's or the
// default), the manual decisions already there, .migration/config.yml and the recon reports. Every file
// is checked against its schema; a bad one is an error naming the file, line and what to run.
import { CopilotError } from '../../core/errors.js';
import { PROOFS_FILE } from '../../core/plan/proofs.js';
import { ARCHETYPES, DEFAULT_POLICY, DEFAULT_RULEBOOK, parsePolicy } from '../../core/policy/index.js';
import type { RepoFiles } from '../../core/repo/files.js';
import { REPO_PATHS, signedVersionOf } from '../../core/repo/paths.js';
import { parseJson, validateDocument } from '../../core/schema/index.js';
import type { ManualDecisionsRequired, Project, SourceCatalog, SourceProfile } from '../../core/types/generated.js';
import type { AgentContextData } from '../agents/types.js';
import { CATALOG_FILE, PROFILE_FILE, RAW_DIR } from './init-files.js';

/** Where the raw catalog and profile are: a RepoFiles holding CATALOG_FILE (and PROFILE_FILE) at its root, and how to name it. */
export interface RawInputs {
  readonly files: RepoFiles;
  /** The folder as people should read it in errors (".migration/raw", or the --raw path). */
  readonly label: string;
}

function readChecked<T>(files: RepoFiles, path: string, shown: string, schema: string, hint: string): T | undefined {
  const text = files.read(path);
  if (text === undefined) return undefined;
  const doc = parseJson(text, shown);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument(schema, doc.value, { file: shown, lines: doc.lines });
  if (findings.length > 0) {
    const f = findings[0]!;
    throw new CopilotError('SCHEMA_INVALID', `${f.path}:${f.line}: ${f.message}`, { hint });
  }
  return doc.value as T;
}

/** The raw folder inside a repository's files (the app reads it from the commit). */
export function rawInRepository(files: RepoFiles): RawInputs {
  const prefix = `${RAW_DIR}/`;
  return {
    label: RAW_DIR,
    files: { read: (p) => files.read(prefix + p), list: (p) => files.list(prefix + p).map((x) => x.slice(prefix.length)) },
  };
}

/** The project, or a USAGE error saying to run init. */
export function readProject(repo: RepoFiles): Project {
  const project = readChecked<Project>(repo, REPO_PATHS.project, REPO_PATHS.project, 'project', 'fix project.json (migration-copilot init writes it)');
  if (!project) throw new CopilotError('FILE_NOT_FOUND', `${REPO_PATHS.project} is missing`, { hint: 'run migration-copilot init (or /migrate init) first' });
  return project;
}

/** The first plan version not signed yet in the repository (plans/signed/v<N>.json). */
export function nextPlanVersion(repo: RepoFiles): number {
  const signed = repo.list(REPO_PATHS.signedDir).map(signedVersionOf).filter((v): v is number => v !== undefined);
  return signed.length > 0 ? Math.max(...signed) + 1 : 1;
}

/** The raw catalog (required) and profile (when `profile` wrote one), schema-checked. */
export function rawData(raw: RawInputs): { catalog: SourceCatalog; profile?: SourceProfile } {
  const catalog = readChecked<SourceCatalog>(raw.files, CATALOG_FILE, `${raw.label}/${CATALOG_FILE}`, 'source_catalog', `run migration-copilot discover --out ${raw.label} again`);
  if (!catalog) {
    throw new CopilotError('FILE_NOT_FOUND', `${raw.label}/${CATALOG_FILE} is missing: the agents need the source's catalog`, {
      hint: `run migration-copilot discover --out ${raw.label} (or comment /discover, which runs it in the repository's Actions)`,
    });
  }
  const profile = readChecked<SourceProfile>(raw.files, PROFILE_FILE, `${raw.label}/${PROFILE_FILE}`, 'source_profile', `run migration-copilot profile --out ${raw.label} again`);
  return { catalog, ...(profile ? { profile } : {}) };
}

/**
 * Every agent's read-only context, from the repository and the raw folder (null for the agents that read
 * no catalog: DiffExplainer, Cutover). `now` is recorded in the proposals.
 */
export function agentContext(repo: RepoFiles, raw: RawInputs | null, now: string): AgentContextData {
  const project = readProject(repo);
  const archetype = ARCHETYPES[project.archetype_id];
  if (!archetype) throw new CopilotError('INPUT_INVALID', `${REPO_PATHS.project}: archetype "${project.archetype_id}" is not in policies/archetypes`, { hint: `known: ${Object.keys(ARCHETYPES).sort().join(', ')}` });
  const sourceData = raw ? rawData(raw) : {};
  const policyText = repo.read(REPO_PATHS.policy);
  const policy = policyText !== undefined ? parsePolicy(policyText, REPO_PATHS.policy) : DEFAULT_POLICY;
  const previous = readChecked<ManualDecisionsRequired>(repo, REPO_PATHS.manualDecisions, REPO_PATHS.manualDecisions, 'manual_decisions_required', 'fix the file or remove it')?.decisions ?? [];
  const files: Record<string, string> = {};
  const config = repo.read(REPO_PATHS.config);
  if (config !== undefined) files[REPO_PATHS.config] = config;
  for (const p of repo.list('reconciliation/').filter((x) => /^reconciliation\/v[1-9][0-9]*\/recon_report\.json$/.test(x))) files[p] = repo.read(p)!;
  // The proof by execution of the views (`rewrite prove`), which the RewriteAgent cites or turns into decisions.
  const proofs = repo.read(PROOFS_FILE);
  if (proofs !== undefined) files[PROOFS_FILE] = proofs;
  return {
    project, ...sourceData, rulebook: structuredClone(DEFAULT_RULEBOOK) as never, policy: structuredClone(policy) as never,
    archetype: structuredClone(archetype) as never, previousDecisions: previous, raised: [], files, now,
  };
}

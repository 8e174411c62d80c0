// The read-only MigrationContext validators take (STYLE.md practice 1): every artifact of a migration
// repository parsed with its line map, schema-checked, and frozen. A file that fails to parse or to
// validate keeps its findings and has no value, so validators judging content simply skip it and the
// schema validator reports it; nothing here throws on bad input.
import { sha256Hex } from '../json/canonical.js';
import { DEFAULT_RULEBOOK, DEFAULT_POLICY, DEFAULT_POLICY_PATH, type ReadonlyPolicy, type ReadonlyRulebook } from '../policy/defaults.js';
import { policyFindings } from '../policy/load.js';
import { lineOf, type Finding, type LineMap, type ParsedDocument } from '../schema/finding.js';
import { parseJson } from '../schema/parse-json.js';
import { parseYaml } from '../schema/parse-yaml.js';
import { toReadonly, type DeepReadonly } from '../schema/readonly.js';
import { validateDocument } from '../schema/validate.js';
import type {
  ManualDecisionsRequired, MigrationConfig, MigrationPlan, Policy, Project, SchemaMapping,
} from '../types/generated.js';
import type { RepoFiles } from './files.js';
import { discoverySchemaOf, RECORD_DIRS, recordSchemaOf, REPO_PATHS, signedPlanPaths, signedVersionOf } from './paths.js';

export interface Artifact<T> {
  readonly path: string;
  /** The schema it was checked against (a name registered in core/schemas/index.ts). */
  readonly schema: string;
  readonly text: string;
  /** The validated, frozen value; undefined when findings holds a parse or schema error. */
  readonly value: DeepReadonly<T> | undefined;
  readonly lines: LineMap;
  /** Parse, schema and (for the policy) semantic findings of this file alone. */
  readonly findings: readonly Finding[];
}

export interface MigrationContext {
  /** The files this context was read from: digests of inputs (the SignedPlan's manifest) read their exact bytes. */
  readonly files: RepoFiles;
  readonly project: Artifact<Project> | undefined;
  readonly config: Artifact<MigrationConfig> | undefined;
  /** The repository's .migration/policy.json, or the default policy (policies/policy.json). */
  readonly policy: Artifact<Policy> & { readonly source: 'repository' | 'default' };
  readonly mapping: Artifact<SchemaMapping> | undefined;
  readonly manualDecisions: Artifact<ManualDecisionsRequired> | undefined;
  readonly plan: Artifact<MigrationPlan> | undefined;
  /** discovery/*.json with a known schema (reports, proposals, reasoning). */
  readonly discovery: readonly Artifact<unknown>[];
  /** Signed plans, execution reports, recon reports and evidence present in the tree, schema-checked. */
  readonly records: readonly Artifact<unknown>[];
  /** Files under discovery/ no schema covers: reported as warnings. */
  readonly unknownFiles: readonly string[];
  /** plans/signed/v<N>.json with its bundle v<N>.sigstore.json (text, unparsed: the plan gate checks them). */
  readonly signedPlans: readonly SignedPlanFiles[];
  /** Every N with plans/signed/v<N>.json or its bundle present (either one), ascending: the next free N follows the last. */
  readonly signedVersions: readonly number[];
  /** The CODEOWNERS text GitHub would use (.github/, root, docs/ in that order), if any. */
  readonly codeowners: { readonly path: string; readonly text: string } | undefined;
  readonly rulebook: ReadonlyRulebook;
  /** Every artifact present, in a stable order: what SchemaValidator reports on. */
  readonly artifacts: readonly Artifact<unknown>[];
  /** The line of a pointer in a loaded file; 1 when the file or pointer is unknown. */
  lineOf(path: string, pointer: string): number;
  /** Whether the repository has this file (loaded or not). */
  has(path: string): boolean;
}

export interface SignedPlanFiles {
  readonly version: number;
  readonly path: string;
  readonly text: string;
  readonly bundlePath: string;
  /** undefined when the bundle file is missing. */
  readonly bundleText: string | undefined;
}

export interface ContextOptions {
  /** The policy in force when the repository has none (default: policies/policy.json). */
  readonly defaultPolicy?: ReadonlyPolicy;
  readonly rulebook?: ReadonlyRulebook;
  /**
   * Artifacts already loaded: shared by the contexts of one judgement (a pull request's head and base hold
   * mostly the same files), or by every judgement of a long-running process (artifactMemo): an artifact is a
   * pure, frozen function of its schema, path and text, so whoever holds the same text may have it.
   */
  readonly memo?: ArtifactMemo;
}

/** Loaded artifacts by schema, path and text. */
export interface ArtifactMemo {
  /** The artifact of this schema, path and text: the one kept, else `load`'s, kept. */
  artifact<T>(schema: string, path: string, text: string, load: () => Artifact<T>): Artifact<T>;
  /** Artifacts kept. */
  readonly size: number;
}

/**
 * A memo over a map keyed by `keyOf(schema, path, text)`, holding at most `maxChars` characters of text
 * (least recently used out; a text longer than that is loaded, not kept).
 */
function mapMemo(keyOf: (schema: string, path: string, text: string) => string, maxChars = Infinity): ArtifactMemo {
  const entries = new Map<string, Artifact<unknown>>();
  let chars = 0;
  return {
    artifact<T>(schema: string, path: string, text: string, load: () => Artifact<T>): Artifact<T> {
      const key = keyOf(schema, path, text);
      const kept = entries.get(key);
      if (kept) {
        // Most recently used last, so the oldest is evicted first.
        entries.delete(key);
        entries.set(key, kept);
        return kept as Artifact<T>;
      }
      const loaded = load();
      if (text.length > maxChars) return loaded;
      entries.set(key, loaded as Artifact<unknown>);
      chars += text.length;
      for (const [oldest, a] of entries) {
        if (chars <= maxChars) break;
        entries.delete(oldest);
        chars -= a.text.length;
      }
      return loaded;
    },
    get size() {
      return entries.size;
    },
  };
}

/** A memo for one judgement: unbounded, dropped with it. */
export function newArtifactMemo(): ArtifactMemo {
  return mapMemo((schema, path, text) => `${schema}\u0000${path}\u0000${text}`);
}

/**
 * A memo for a process that judges many pull requests (the app): the artifacts loaded most recently, up to
 * `maxTextChars` characters of their texts together, keyed by a digest of schema, path and text rather than
 * the text itself. Each event on a pull request judges its head and base again; unchanged files are not
 * parsed and checked again.
 */
export function artifactMemo(maxTextChars = 32 << 20): ArtifactMemo {
  return mapMemo((schema, path, text) => sha256Hex(`${schema}\u0000${path}\u0000${text}`), maxTextChars);
}

function parse(path: string, text: string): ParsedDocument {
  return path.endsWith('.yml') || path.endsWith('.yaml') ? parseYaml(text, path) : parseJson(text, path);
}

export function loadArtifact<T>(path: string, text: string, schema: string): Artifact<T> {
  const doc = parse(path, text);
  if (doc.findings.length > 0) return { path, schema, text, value: undefined, lines: doc.lines, findings: doc.findings };
  const findings = validateDocument(schema, doc.value, doc);
  if (schema === 'policy' && findings.length === 0) findings.push(...policyFindings(doc.value as Policy, path, doc.lines));
  return {
    path, schema, text, lines: doc.lines, findings,
    value: findings.length === 0 ? toReadonly(doc.value as T) : undefined,
  };
}

/** Reads and checks every artifact of the repository. Never throws on bad content. */
export function buildMigrationContext(files: RepoFiles, options: ContextOptions = {}): MigrationContext {
  const load = <T>(path: string, schema: string): Artifact<T> | undefined => {
    const text = files.read(path);
    if (text === undefined) return undefined;
    return options.memo ? options.memo.artifact(schema, path, text, () => loadArtifact<T>(path, text, schema)) : loadArtifact<T>(path, text, schema);
  };
  const project = load<Project>(REPO_PATHS.project, 'project');
  const config = load<MigrationConfig>(REPO_PATHS.config, 'config');
  const repoPolicy = load<Policy>(REPO_PATHS.policy, 'policy');
  const defaultPolicy = options.defaultPolicy ?? DEFAULT_POLICY;
  const policy = repoPolicy
    ? { ...repoPolicy, source: 'repository' as const }
    : { path: DEFAULT_POLICY_PATH, schema: 'policy', text: '', value: defaultPolicy, lines: new Map(), findings: [], source: 'default' as const };
  const mapping = load<SchemaMapping>(REPO_PATHS.mapping, 'schema_mapping');
  const manualDecisions = load<ManualDecisionsRequired>(REPO_PATHS.manualDecisions, 'manual_decisions_required');
  const plan = load<MigrationPlan>(REPO_PATHS.plan, 'migration_plan');

  const discovery: Artifact<unknown>[] = [];
  const unknownFiles: string[] = [];
  for (const path of files.list(REPO_PATHS.discoveryDir)) {
    const schema = discoverySchemaOf(path);
    if (!schema) {
      unknownFiles.push(path);
      continue;
    }
    const loaded = load<unknown>(path, schema);
    if (loaded) discovery.push(loaded);
  }

  const records: Artifact<unknown>[] = [];
  for (const dir of RECORD_DIRS) {
    for (const path of files.list(dir)) {
      const schema = recordSchemaOf(path);
      const loaded = schema ? load<unknown>(path, schema) : undefined;
      if (loaded) records.push(loaded);
    }
  }

  const signedVersions = [...new Set(files.list(REPO_PATHS.signedDir).map(signedVersionOf))]
    .filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const signedPlans: SignedPlanFiles[] = [];
  for (const version of signedVersions) {
    const paths = signedPlanPaths(version);
    const text = files.read(paths.readable);
    if (text === undefined) continue;
    signedPlans.push({ version, path: paths.readable, text, bundlePath: paths.bundle, bundleText: files.read(paths.bundle) });
  }

  let codeowners: MigrationContext['codeowners'];
  for (const path of REPO_PATHS.codeowners) {
    const text = files.read(path);
    if (text !== undefined) {
      codeowners = { path, text };
      break;
    }
  }

  const artifacts = [project, config, repoPolicy, mapping, manualDecisions, plan, ...discovery, ...records]
    .filter((a): a is Artifact<never> => a !== undefined) as Artifact<unknown>[];
  const byPath = new Map(artifacts.map((a) => [a.path, a]));

  return toReadonly({
    files,
    project, config, policy, mapping, manualDecisions, plan, discovery, records, unknownFiles, signedPlans, signedVersions, codeowners,
    rulebook: options.rulebook ?? DEFAULT_RULEBOOK,
    artifacts,
    lineOf: (path: string, pointer: string) => {
      const a = byPath.get(path);
      return a ? lineOf(a.lines, pointer) : 1;
    },
    has: (path: string) => files.read(path) !== undefined,
  }) as MigrationContext;
}

// Where each artifact of a migration repository lives (design: the migration repository).
export const REPO_PATHS = {
  project: 'project.json',
  config: '.migration/config.yml',
  policy: '.migration/policy.json',
  mapping: 'contracts/schema_mapping.yml',
  manualDecisions: 'contracts/manual_decisions_required.json',
  plan: 'plans/migration_plan.json',
  discoveryDir: 'discovery/',
  signedDir: 'plans/signed/',
  codeowners: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
} as const;

/** plans/signed/v<N>.json, the SignedPlan's readable copy, and v<N>.sigstore.json, its signature bundle. */
export function signedPlanPaths(version: number): { readonly readable: string; readonly bundle: string } {
  return { readable: `${REPO_PATHS.signedDir}v${version}.json`, bundle: `${REPO_PATHS.signedDir}v${version}.sigstore.json` };
}

/** N of plans/signed/v<N>.json or of its bundle v<N>.sigstore.json; undefined for any other path. */
export function signedVersionOf(path: string): number | undefined {
  const m = /^plans\/signed\/v([1-9][0-9]*)\.(?:json|sigstore\.json)$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** Records the lifecycle adds, by path: each has a schema and is checked wherever it is present. */
const RECORDS: readonly (readonly [RegExp, string])[] = [
  [/^plans\/signed\/v[1-9][0-9]*\.json$/, 'signed_plan'],
  [/^runs\/v[1-9][0-9]*\/execution_report\.json$/, 'execution_report'],
  [/^reconciliation\/v[1-9][0-9]*\/recon_report\.json$/, 'recon_report'],
  [/^evidence\/v[1-9][0-9]*\/sha256_manifest\.json$/, 'sha256_manifest'],
  [/^evidence\/v[1-9][0-9]*\/audit_chain\.json$/, 'audit_chain'],
];

/** The folders holding those records. */
export const RECORD_DIRS: readonly string[] = ['plans/signed/', 'runs/', 'reconciliation/', 'evidence/'];

/** The schema of a lifecycle record (signed plan, execution, recon, evidence), or undefined. */
export function recordSchemaOf(path: string): string | undefined {
  return RECORDS.find(([re]) => re.test(path))?.[1];
}

/** The schema of a file under discovery/, by its name; undefined for files no schema covers. */
export function discoverySchemaOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!name.endsWith('.json')) return undefined;
  if (name === 'reasoning.json' || name.endsWith('.reasoning.json') || name.endsWith('_reasoning.json')) return 'reasoning';
  if (name.startsWith('discovery_report')) return 'discovery_report';
  if (name.startsWith('profiling_report')) return 'profiling_report';
  if (name.startsWith('proposal')) return 'proposal';
  return undefined;
}

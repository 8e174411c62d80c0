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

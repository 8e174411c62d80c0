// The GITHUB_TOKEN's permissions, as GitHub Actions computes them for each job: the job's `permissions:`
// when it has one, else the workflow's, else the repository's default (GitHub's "restricted" default for
// new repositories: contents and packages read; "permissive" when the repository's setting says write).
// `read-all` / `write-all` / `{}` and per-scope maps are accepted; a scope not named is none; metadata is
// always read. Pull requests from forks get at most read. The names are the workflow file's (pull-requests);
// the token carries the REST API's (pull_requests), so the API checks it exactly as it checks an app
// installation token (server/permissions.ts, the same 403 "Resource not accessible by integration", and
// git over HTTP refuses a push without contents: write with GitHub's "Permission to ... denied").
export type DefaultWorkflowPermissions = 'read' | 'write';

/** Every scope a workflow may name (GitHub's list), with its "permissive" default. */
const SCOPES: Readonly<Record<string, 'read' | 'write' | 'none'>> = {
  actions: 'write', attestations: 'write', checks: 'write', contents: 'write', deployments: 'write', discussions: 'write',
  'id-token': 'none', issues: 'write', models: 'read', packages: 'write', pages: 'write', 'pull-requests': 'write',
  'repository-projects': 'write', 'security-events': 'write', statuses: 'write',
};
const RESTRICTED: Readonly<Record<string, 'read'>> = { contents: 'read', packages: 'read' };

export class PermissionsError extends Error {}

function apiName(scope: string): string {
  return scope.replace(/-/g, '_');
}

/** One `permissions:` value as scope -> level (workflow names), or undefined when absent. */
function parse(value: unknown, where: string): Record<string, 'read' | 'write'> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'read-all' || value === 'write-all') {
    const level = value === 'read-all' ? 'read' : 'write';
    return Object.fromEntries(Object.keys(SCOPES).filter((s) => s !== 'id-token' || level === 'write').map((s) => [s, level]));
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PermissionsError(`${where}: permissions must be read-all, write-all or a map of scope: read | write | none (got ${JSON.stringify(value)})`);
  }
  const out: Record<string, 'read' | 'write'> = {};
  for (const [scope, level] of Object.entries(value as Record<string, unknown>)) {
    if (!(scope in SCOPES)) throw new PermissionsError(`${where}: unknown permission scope "${scope}" (scopes: ${Object.keys(SCOPES).join(', ')})`);
    if (level !== 'read' && level !== 'write' && level !== 'none') throw new PermissionsError(`${where}: permissions.${scope} must be read, write or none (got ${JSON.stringify(level)})`);
    if (level !== 'none') out[scope] = level;
  }
  return out;
}

export interface TokenScopeInput {
  readonly workflow: unknown;
  readonly job?: unknown;
  readonly repositoryDefault: DefaultWorkflowPermissions;
  /** A pull_request run whose head lives in a fork: nothing above read. */
  readonly fromFork?: boolean;
}

/** The token's permissions in the REST API's names (metadata: read always). Throws PermissionsError for a bad value. */
export function tokenPermissions(input: TokenScopeInput): Record<string, 'read' | 'write'> {
  const declared = parse(input.job, 'jobs.<id>') ?? parse(input.workflow, 'the workflow');
  const scopes = declared ?? (input.repositoryDefault === 'write'
    ? Object.fromEntries(Object.entries(SCOPES).filter(([, l]) => l !== 'none')) as Record<string, 'read' | 'write'>
    : { ...RESTRICTED });
  const out: Record<string, 'read' | 'write'> = { metadata: 'read' };
  for (const [scope, level] of Object.entries(scopes)) out[apiName(scope)] = input.fromFork && level === 'write' ? 'read' : level;
  return out;
}

// The app's registration as GitHub holds it: the permissions and the webhook events it asked for. By
// default they are read from the project's app.yml (a GitHub App manifest: default_permissions,
// default_events), so the simulator grants exactly what github.com would grant the real app.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type PermissionLevel = 'read' | 'write' | 'admin';

export interface AppRegistration {
  /** permission name (contents, pull_requests, …) -> level */
  readonly permissions: Readonly<Record<string, PermissionLevel>>;
  /** Webhook events the app subscribes to (installation events are always sent, as on GitHub). */
  readonly events: readonly string[];
}

export const DEFAULT_MANIFEST = fileURLToPath(new URL('../../app.yml', import.meta.url));
const LEVELS = new Set(['read', 'write', 'admin']);

export function readManifest(file: string = DEFAULT_MANIFEST): AppRegistration {
  let doc: { default_permissions?: Record<string, unknown>; default_events?: unknown };
  try {
    doc = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    throw new Error(`playground: cannot read the app manifest ${file} (${(e as Error).message}); pass app: { permissions, events } instead`);
  }
  const permissions: Record<string, PermissionLevel> = {};
  for (const [name, level] of Object.entries(doc.default_permissions ?? {})) {
    if (typeof level !== 'string' || !LEVELS.has(level)) throw new Error(`playground: ${file}: default_permissions.${name} must be read, write or admin, got ${String(level)}`);
    permissions[name] = level as PermissionLevel;
  }
  const events = Array.isArray(doc.default_events) ? doc.default_events.map(String) : [];
  return { permissions, events };
}

const RANK: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };

/** Whether `granted` holds `name` at `level` or above. */
export function grants(granted: Readonly<Record<string, string>>, name: string, level: PermissionLevel): boolean {
  const have = granted[name] as PermissionLevel | undefined;
  return have !== undefined && RANK[have] >= RANK[level];
}

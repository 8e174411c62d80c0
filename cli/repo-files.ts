// RepoFiles over a directory on disk: what `validate`, `sign` and `verify --repo DIR` read. Paths stay
// inside the directory (no "..", no absolute paths, no symlink out of it); a missing file is undefined, any
// other read failure is a system error (exit 3), never mistaken for "absent".
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CopilotError } from '../core/errors.js';
import type { ReadonlyPolicy } from '../core/policy/index.js';
import {
  artifactValue, fileBytes, REPO_PATHS, type Artifact, type MigrationContext, type RepoFiles,
} from '../core/repo/index.js';
import type { DeepReadonly } from '../core/schema/index.js';
import type { MigrationConfig, MigrationPlan } from '../core/types/generated.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function directoryRepoFiles(dir: string): RepoFiles {
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new CopilotError('FILE_NOT_FOUND', `repository directory ${dir} does not exist or is not a directory`, {
      cause: e, hint: 'pass --repo DIR pointing at a migration repository (the folder holding project.json)',
    });
  }

  const resolve = (path: string): string | undefined => {
    if (isAbsolute(path) || path.split('/').includes('..')) return undefined;
    const full = join(root, ...path.split('/'));
    let real: string;
    try {
      real = realpathSync(full);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw new CopilotError('IO_FAILED', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
    return inside(root, real) ? real : undefined;
  };

  const readBytes = (path: string): Buffer | undefined => {
    const real = resolve(path);
    if (!real) return undefined;
    try {
      if (!statSync(real).isFile()) return undefined;
      return readFileSync(real);
    } catch (e) {
      throw new CopilotError('IO_FAILED', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
  };

  return {
    read: (path) => readBytes(path)?.toString('utf8'),
    readBytes,
    list(prefix) {
      const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/$/, '');
      const start = base === '' ? root : resolve(base);
      if (!start) return [];
      const out: string[] = [];
      const walk = (abs: string) => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' || (e as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw new CopilotError('IO_FAILED', `cannot list ${relative(root, abs) || '.'}: ${(e as Error).message}`, { cause: e });
        }
        for (const entry of entries) {
          if (entry.name === '.git') continue;
          const child = join(abs, entry.name);
          if (entry.isDirectory()) walk(child);
          else if (entry.isFile()) out.push(relative(root, child).split(sep).join('/'));
        }
      };
      walk(start);
      return out.filter((p) => p.startsWith(prefix)).sort();
    },
  };
}

export function notInRepo(repo: string, path: string): CopilotError {
  return new CopilotError('FILE_NOT_FOUND', `${path} not found in ${repo}`, { hint: 'check --repo points at the migration repository' });
}

function required<T>(repo: string, path: string, artifact: Artifact<T> | undefined): DeepReadonly<T> {
  if (!artifact) throw notInRepo(repo, path);
  return artifactValue(artifact);
}

/** What `sign` and `verify` cannot do without. */
export interface PlanInputs {
  readonly plan: DeepReadonly<MigrationPlan>;
  /** The exact bytes of plans/migration_plan.json: plan_sha256 is their digest. */
  readonly planBytes: Uint8Array;
  readonly config: DeepReadonly<MigrationConfig>;
  /** The policy in force: the repository's .migration/policy.json, else the shipped default. */
  readonly policy: ReadonlyPolicy;
  /** Where the policy came from, for people: ".migration/policy.json" or "policies/policy.json (default)". */
  readonly policyFile: string;
}

/**
 * The plan, config and policy of a repository read through `files`, each present and valid or an input
 * error naming the file (and each finding's line and pointer), checked in that order.
 */
export function planInputs(repo: string, files: RepoFiles, ctx: MigrationContext): PlanInputs {
  const plan = required(repo, REPO_PATHS.plan, ctx.plan);
  const planBytes = fileBytes(files, REPO_PATHS.plan);
  if (!planBytes) throw notInRepo(repo, REPO_PATHS.plan);
  const config = required(repo, REPO_PATHS.config, ctx.config);
  const policy = artifactValue(ctx.policy);
  const policyFile = ctx.policy.source === 'default' ? `${ctx.policy.path} (default)` : ctx.policy.path;
  return { plan, planBytes, config, policy, policyFile };
}
